//! A user's sign-ins across both mechanisms: cookie sessions and refresh token families. Ending
//! one takes effect at once for both (the session record or the family is gone); an access token
//! already issued still lives until its `exp`, which is the JWT lesson.

use crate::domain::{
    parse_signin_id, AppError, CurrentSignIn, Missing, SignIn, SignInKind, UserId,
};
use crate::server::{clock::now_unix, config::clients::Clients, db, AppState};

pub async fn list(
    state: &AppState,
    user_id: UserId,
    current: &CurrentSignIn,
) -> Result<Vec<SignIn>, AppError> {
    let current_id = current.id();
    let clients = Clients::new(&state.config);
    let signin = |kind, id: String, created_at, last_seen_at, user_agent| SignIn {
        current: current_id.as_deref() == Some(id.as_str()),
        id,
        kind,
        created_at,
        last_seen_at,
        user_agent,
        granted_to: None,
    };
    let cookies = db::signins::cookie_signins(&state.db, user_id).await?;
    let families = db::refresh::active_families(&state.db, user_id, now_unix()).await?;
    let mut all: Vec<SignIn> = cookies
        .into_iter()
        .map(|c| {
            let id = format!("cookie-{}", c.handle);
            signin(
                SignInKind::Cookie,
                id,
                c.created_at,
                c.last_seen_at,
                c.user_agent,
            )
        })
        .chain(families.into_iter().map(|f| {
            let id = format!("token-{}", f.id);
            // The scope is stored as the token carries it: space-delimited, in canonical order.
            let granted_to = f.client_id.as_deref().map(|client| {
                let allowed = f.scope.as_deref().unwrap_or_default().replace(' ', ", ");
                format!("{} — {allowed}", clients.name_of(client))
            });
            SignIn {
                granted_to,
                ..signin(
                    SignInKind::Token,
                    id,
                    f.created_at,
                    f.last_seen_at,
                    f.user_agent,
                )
            }
        }))
        .collect();
    all.sort_by(|a, b| {
        b.current
            .cmp(&a.current)
            .then(b.last_seen_at.cmp(&a.last_seen_at))
    });
    Ok(all)
}

/// Ends one of the user's sign-ins; another user's, or an unknown one, is a 404.
pub async fn end(state: &AppState, user_id: UserId, id: &str) -> Result<(), AppError> {
    let not_found = || AppError::NotFound(Missing::SignIn);
    let ended = match parse_signin_id(id).ok_or_else(not_found)? {
        (SignInKind::Cookie, handle) => {
            db::signins::end_cookie_signins(&state.db, user_id, Some(handle), None).await? > 0
        }
        (SignInKind::Token, family) => {
            let mut conn = state.db.acquire().await?;
            let row = db::refresh::family(&mut conn, family).await?;
            let ended = db::refresh::revoke_family(
                &mut conn,
                family,
                Some(user_id),
                "ended by the user",
                now_unix(),
            )
            .await?;
            // Access granted to another site ends at once, its access tokens included.
            if ended && row.is_some_and(|f| f.client_id.is_some()) {
                deny_grant(state, family).await?;
            }
            ended
        }
    };
    if ended {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// Ends every sign-in of the user except the one this request was made with. Returns how many.
pub async fn end_others(
    state: &AppState,
    user_id: UserId,
    current: &CurrentSignIn,
) -> Result<u64, AppError> {
    let cookies =
        db::signins::end_cookie_signins(&state.db, user_id, None, current.cookie_handle.as_deref())
            .await?;
    let now = now_unix();
    for family in db::refresh::active_families(&state.db, user_id, now).await? {
        let kept = current.token_family.as_deref() == Some(family.id.as_str());
        if family.client_id.is_some() && !kept {
            deny_grant(state, &family.id).await?;
        }
    }
    let families = db::refresh::revoke_all_except(
        &state.db,
        user_id,
        current.token_family.as_deref(),
        now_unix(),
    )
    .await?;
    Ok(cookies + families)
}

/// How many sign-ins of each kind the database holds right now (the Learn section's comparison).
pub async fn stored(state: &AppState) -> Result<db::stats::StoredRows, AppError> {
    Ok(db::stats::stored_rows(&state.db).await?)
}

/// Refuses from now on every access token of a sign-in granted to another site, however many it
/// issued: the family's id goes on the revoke-now denylist (beside single `jti`s, checked by
/// `token::bearer`) until the last token it can have issued expires. Only for grants — the user
/// ended a site's access, or its code was replayed — never for the shop's own sign-ins, whose access
/// tokens outliving a logout is the JWT lesson.
pub async fn deny_grant(state: &AppState, family_id: &str) -> Result<(), AppError> {
    let until = now_unix() + state.config.access_ttl.as_secs() as i64 + 1;
    db::refresh::deny_access_token(&state.db, family_id, until).await?;
    state.denylist.insert(family_id, until);
    state.db.notify(db::DENYLIST_CHANNEL, family_id).await?;
    Ok(())
}
