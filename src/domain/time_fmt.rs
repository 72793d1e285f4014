//! Times as people read them: a span of time in human units ("14 min 59 s") and a Unix timestamp
//! as a date, without a date crate, so the browser bundle stays small.

/// `2026-11-25 04:05 UTC`
pub fn format_unix_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A span of time as people say it: "45 s", "15 min", "2 h 30 min", "14 days".
pub fn human_duration(secs: u64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 3600;
    const DAY: u64 = 86_400;
    match secs {
        0..MIN => format!("{secs} s"),
        MIN..HOUR if secs.is_multiple_of(MIN) => format!("{} min", secs / MIN),
        MIN..HOUR => format!("{} min {} s", secs / MIN, secs % MIN),
        HOUR..DAY if secs.is_multiple_of(HOUR) => format!("{} h", secs / HOUR),
        HOUR..DAY => format!("{} h {} min", secs / HOUR, secs % HOUR / MIN),
        _ if secs.is_multiple_of(DAY) => plural(secs / DAY, "day"),
        _ => format!("{} and {} h", plural(secs / DAY, "day"), secs % DAY / HOUR),
    }
}

fn plural(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_unix_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_unix_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_unix_utc(1_795_580_700), "2026-11-25 04:25 UTC");
        assert_eq!(format_unix_utc(-1), "1969-12-31 23:59 UTC");
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(900), "15 min");
        assert_eq!(human_duration(899), "14 min 59 s");
        assert_eq!(human_duration(7200), "2 h");
        assert_eq!(human_duration(9000), "2 h 30 min");
        assert_eq!(human_duration(86_400), "1 day");
        assert_eq!(human_duration(14 * 86_400), "14 days");
        assert_eq!(human_duration(86_400 + 3 * 3600), "1 day and 3 h");
    }

    /// The table `src/browser/kit.js` is tested against too (in the browser, by Playwright): the
    /// pages and the labs' scripts say a duration alike.
    #[test]
    fn durations_match_the_table_the_browser_is_tested_against() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../browser/cases.json")).unwrap();
        let table = cases["human_duration"].as_array().unwrap();
        assert!(table.len() >= 20);
        for case in table {
            let (secs, said) = (case[0].as_u64().unwrap(), case[1].as_str().unwrap());
            assert_eq!(human_duration(secs), said, "{secs} s");
        }
    }
}
