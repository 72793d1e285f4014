//! Turns the generated OpenAPI document into the digest the API reference page renders, so the
//! page can never disagree with the document.

use super::{ApiReference, EndpointDoc, EndpointGroup, FieldDoc, ParamDoc, ResponseDoc, SchemaDoc};
use serde_json::Value;

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// `#/components/schemas/CartView` → `CartView`; arrays and inline types get a short name.
fn type_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(items) = schema.get("items") {
        return format!("[{}]", type_name(items));
    }
    if let Some(alts) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
        let names: Vec<String> = alts
            .as_array()
            .into_iter()
            .flatten()
            .map(type_name)
            .filter(|n| n != "null")
            .collect();
        return names.join(" | ");
    }
    match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" | "),
        _ if schema.get("enum").is_some() => "string".into(),
        _ => "object".into(),
    }
}

fn json_body_schema(v: &Value) -> Option<String> {
    let content = v.get("content")?.as_object()?;
    let (_, media) = content.iter().next()?;
    media.get("schema").map(type_name)
}

/// `required`, `optional` or `none`: whether the operation needs a bearer token, from its
/// `security` (absent or `[]`: no credentials; `{}` among the options: anonymous is fine too).
fn bearer(security: &[Value]) -> &'static str {
    let schemes = |s: &Value| s.as_object().map(|o| o.len()).unwrap_or(0);
    if security.iter().all(|s| schemes(s) == 0) {
        "none"
    } else if security.iter().any(|s| schemes(s) == 0) {
        "optional"
    } else {
        "required"
    }
}

/// A credential carried in a header of its own (the Cart-Token) is listed with the parameters,
/// as the `apiKey` scheme describes it.
fn header_credentials(doc: &Value, security: &[Value]) -> Vec<ParamDoc> {
    security
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|s| s.keys())
        .filter_map(|name| doc.pointer(&format!("/components/securitySchemes/{name}")))
        .filter(|scheme| text(scheme, "type") == "apiKey")
        .map(|scheme| ParamDoc {
            name: text(scheme, "name"),
            location: text(scheme, "in"),
            required: false,
            description: text(scheme, "description"),
        })
        .collect()
}

fn endpoint(doc: &Value, method: &str, path: &str, op: &Value) -> EndpointDoc {
    let security = op
        .get("security")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut params: Vec<ParamDoc> = op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| ParamDoc {
            name: text(p, "name"),
            location: text(p, "in"),
            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
            description: text(p, "description"),
        })
        .collect();
    params.extend(header_credentials(doc, security));
    let mut responses: Vec<ResponseDoc> = op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(status, r)| ResponseDoc {
            status: status.clone(),
            description: text(r, "description"),
            schema: json_body_schema(r),
        })
        .collect();
    responses.sort_by(|a, b| a.status.cmp(&b.status));
    EndpointDoc {
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: text(op, "summary"),
        description: text(op, "description"),
        bearer: bearer(security).to_string(),
        params,
        request_body: op.get("requestBody").and_then(json_body_schema),
        responses,
    }
}

/// Each component schema with its fields, their types and whether they are required.
fn schemas(doc: &Value) -> Vec<SchemaDoc> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, schema)| {
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let fields = schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(field, s)| FieldDoc {
                    name: field.clone(),
                    ty: type_name(s),
                    required: required.contains(&field.as_str()),
                    description: text(s, "description"),
                })
                .collect();
            SchemaDoc {
                name: name.clone(),
                fields,
            }
        })
        .collect()
}

pub fn digest(doc: &Value) -> ApiReference {
    let tags: Vec<(String, String)> = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| (text(t, "name"), text(t, "description")))
        .collect();
    let mut groups: Vec<EndpointGroup> = tags
        .iter()
        .map(|(tag, description)| EndpointGroup {
            tag: tag.clone(),
            description: description.clone(),
            endpoints: Vec::new(),
        })
        .collect();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in ["get", "post", "put", "delete", "patch"] {
            let Some(op) = item.get(method) else { continue };
            let tag = op
                .get("tags")
                .and_then(|t| t.get(0))
                .and_then(Value::as_str)
                .unwrap_or("other")
                .to_string();
            let group = match groups.iter().position(|g| g.tag == tag) {
                Some(i) => &mut groups[i],
                None => {
                    groups.push(EndpointGroup {
                        tag,
                        description: String::new(),
                        endpoints: Vec::new(),
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            group.endpoints.push(endpoint(doc, method, path, op));
        }
    }
    groups.retain(|g| !g.endpoints.is_empty());
    ApiReference {
        title: doc
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .into(),
        version: doc
            .pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .into(),
        description: doc
            .pointer("/info/description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .into(),
        groups,
        schemas: schemas(doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_of_the_document_is_on_the_page() {
        let doc = serde_json::to_value(crate::server::api::openapi::spec()).unwrap();
        let reference = digest(&doc);
        let on_page: usize = reference.groups.iter().map(|g| g.endpoints.len()).sum();
        let in_doc: usize = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(on_page, in_doc);
        let login = reference
            .groups
            .iter()
            .flat_map(|g| &g.endpoints)
            .find(|e| e.path == "/api/v1/auth/login")
            .unwrap();
        assert_eq!(login.method, "POST");
        assert_eq!(login.request_body.as_deref(), Some("LoginRequest"));
        assert_eq!(login.bearer, "none");
        assert!(login
            .responses
            .iter()
            .any(|r| r.status == "200" && r.schema.as_deref() == Some("TokenResponse")));
        let me = reference
            .groups
            .iter()
            .flat_map(|g| &g.endpoints)
            .find(|e| e.path == "/api/v1/me")
            .unwrap();
        assert_eq!(me.bearer, "required");
        let cart = reference
            .groups
            .iter()
            .flat_map(|g| &g.endpoints)
            .find(|e| e.path == "/api/v1/cart")
            .unwrap();
        assert_eq!(cart.bearer, "optional");
        assert!(
            cart.params
                .iter()
                .any(|p| p.name == "Cart-Token" && p.location == "header"),
            "the Cart-Token scheme is listed with the parameters"
        );
        assert!(reference.schemas.iter().any(|s| s.name == "TokenResponse"
            && s.fields
                .iter()
                .any(|f| f.name == "access_token" && f.required)));
    }
}
