//! What the playground hides until the user reveals it: the secret values in an object.
//!
//! Masked, in the object's JSON before it becomes YAML:
//! - every value of a Secret's `data` and `stringData` (the env Secret, registry credentials);
//! - the value of any key that names a secret (`PASS`, `PASSWORD`, `SECRET`, `TOKEN`,
//!   `API_KEY`, `PRIVATE`, `CREDENTIAL` in an upper-case key), e.g. a resource ConfigMap's
//!   `PASS`;
//! - the `value` of an env entry whose `name` names a secret (`POSTGRES_PASSWORD`);
//! - the password of a URL with credentials (`scheme://user:password@host`) anywhere.

use serde_json::Value;

/// What a masked value shows instead.
pub const MASK: &str = "••••••";

/// Masks `object` (an object's JSON) in place; returns how many values were masked.
pub fn mask(object: &mut Value) -> usize {
    let mut count = 0;
    let secret = object.get("kind").and_then(Value::as_str) == Some("Secret");
    if let Some(map) = object.as_object_mut() {
        for (key, value) in map.iter_mut() {
            if secret && (key == "data" || key == "stringData") {
                if let Some(data) = value.as_object_mut() {
                    for v in data.values_mut() {
                        *v = Value::String(MASK.into());
                        count += 1;
                    }
                }
                continue;
            }
            count += walk(key, value);
        }
    }
    count
}

/// Masks `value`, found under map key `key` (its secret-named keys, env entries and URL
/// passwords); returns how many values were masked.
pub(crate) fn walk(key: &str, value: &mut Value) -> usize {
    match value {
        Value::String(s) if names_a_secret(key) && !s.is_empty() => {
            *s = MASK.into();
            1
        }
        Value::String(s) => mask_url_passwords(s),
        Value::Array(items) => {
            let mut count = 0;
            for item in items {
                // An env entry `{name: POSTGRES_PASSWORD, value: …}`.
                let secret_env = item.get("name").and_then(Value::as_str).is_some_and(names_a_secret);
                match item.get_mut("value") {
                    Some(Value::String(v)) if secret_env && !v.is_empty() => {
                        *v = MASK.into();
                        count += 1;
                    }
                    _ => {}
                }
                count += walk("", item);
            }
            count
        }
        Value::Object(map) => map.iter_mut().map(|(k, v)| walk(k, v)).sum(),
        _ => 0,
    }
}

/// An upper-case name (letters, digits, `_ . -`) with PASS, SECRET, TOKEN, API_KEY, APIKEY,
/// PRIVATE or CREDENTIAL in it.
pub fn names_a_secret(name: &str) -> bool {
    let shaped = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-'));
    shaped
        && ["PASS", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE", "CREDENTIAL"]
            .iter()
            .any(|word| name.contains(word))
}

/// Replaces the password of every `scheme://user:password@` in `s`; returns how many.
fn mask_url_passwords(s: &mut String) -> usize {
    if !s.contains("://") {
        return 0;
    }
    let mut out = String::with_capacity(s.len());
    let mut count = 0;
    let mut rest = s.as_str();
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // userinfo runs to '@' without crossing '/', whitespace or quotes.
        let end =
            tail.find(|c: char| c == '/' || c.is_whitespace() || c == '"' || c == '\'').unwrap_or(tail.len());
        let authority = &tail[..end];
        match (authority.rfind('@'), authority.find(':')) {
            (Some(at), Some(colon)) if colon < at && colon + 1 < at => {
                out.push_str(&authority[..=colon]);
                out.push_str(MASK);
                out.push_str(&authority[at..]);
                count += 1;
            }
            _ => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    if count > 0 {
        *s = out;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_data_is_masked_and_counted() {
        let mut s =
            json!({"kind": "Secret", "data": {"A": "eA==", "B": "eQ=="}, "metadata": {"name": "env-web"}});
        assert_eq!(mask(&mut s), 2);
        assert_eq!(s["data"]["A"], MASK);
        assert_eq!(s["metadata"]["name"], "env-web");
    }

    #[test]
    fn secret_keys_env_values_and_url_passwords_are_masked_elsewhere() {
        let mut cm = json!({
            "kind": "ConfigMap",
            "data": {"PASS": "pw", "USER": "app", "URL": "postgres://app:pw@db:5432/app", "HOST": "db"}
        });
        assert_eq!(mask(&mut cm), 2);
        assert_eq!(cm["data"]["URL"], format!("postgres://app:{MASK}@db:5432/app"));
        assert_eq!(cm["data"]["USER"], "app");
        let mut d = json!({"kind": "Deployment", "spec": {"containers": [{"env": [
            {"name": "POSTGRES_PASSWORD", "value": "pw"}, {"name": "POSTGRES_USER", "value": "app"}
        ]}]}});
        assert_eq!(mask(&mut d), 1);
        assert_eq!(d["spec"]["containers"][0]["env"][0]["value"], MASK);
        assert_eq!(d["spec"]["containers"][0]["env"][1]["value"], "app");
    }

    #[test]
    fn urls_without_a_password_are_left_alone() {
        let mut s = "https://example.com/a:b@c and redis://host:6379".to_string();
        assert_eq!(mask_url_passwords(&mut s), 0);
        assert_eq!(s, "https://example.com/a:b@c and redis://host:6379");
        let mut s = "x https://u:p@h/ y https://v:q@i".to_string();
        assert_eq!(mask_url_passwords(&mut s), 2);
        assert_eq!(s, format!("x https://u:{MASK}@h/ y https://v:{MASK}@i"));
    }

    #[test]
    fn secret_names_are_upper_case_words() {
        assert!(names_a_secret("POSTGRES_PASSWORD") && names_a_secret("API_KEY") && names_a_secret("PASS"));
        assert!(!names_a_secret("password") && !names_a_secret("USER") && !names_a_secret(""));
    }
}
