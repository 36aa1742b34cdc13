//! The wasm API (src/wasm/, the second build: www/extras) in headless Chromium, via wasm-bindgen-test-runner + chromedriver.
//! Built by www/extras/Cargo.toml (the playground's second cdylib, every export); native `cargo test` compiles nothing
//! here. Run with scripts/test-web.sh, which first writes the native CLI's JSON for the seed
//! example to tests/artifacts/native-seed.json.
#![cfg(target_arch = "wasm32")]

use convox_k8s::wasm::{map, rack_params, rack_versions, version, Workspace};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../www/examples/complete.convox.yml");
/// `convox-k8s map www/examples/complete.convox.yml --rack-param efs_csi_driver_enable=true
/// --format json`, from the native CLI.
const NATIVE_SEED_JSON: &str = include_str!("artifacts/native-seed.json");
/// `convox-k8s map … --format yaml` of the same.
const NATIVE_SEED_YAML: &str = include_str!("artifacts/native-seed.yaml");

/// `convox-k8s drift www/examples/complete.convox.yml tests/drift/edited/dump.yaml
/// --rack-param efs_csi_driver_enable=true --format json`, from the native CLI.
const NATIVE_DRIFT_JSON: &str = include_str!("artifacts/native-drift.json");
const EDITED_DUMP: &str = include_str!("drift/edited/dump.yaml");

/// `value` as the page passes it: plain JS objects.
fn js(value: Value) -> JsValue {
    use serde::Serialize;
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

/// The options the complete example needs: a rack with the EFS CSI driver.
fn efs() -> JsValue {
    js(json!({"params": {"efs_csi_driver_enable": "true"}}))
}

fn map_json(source: &str, options: JsValue) -> Value {
    let out = map(source, options).map_err(JsValue::from).unwrap();
    let text: String = js_sys::JSON::stringify(&out).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

#[wasm_bindgen_test]
fn map_returns_the_native_contract_for_the_seed_example() {
    let native: Value = serde_json::from_str(NATIVE_SEED_JSON).unwrap();
    assert_eq!(map_json(SEED, efs()), native);
    let default_rack = map_json(SEED, JsValue::UNDEFINED);
    assert_eq!(default_rack["profile"]["params"]["efs_csi_driver_enable"], "false");
    assert!(default_rack["diagnostics"].as_array().unwrap().iter().any(|d| d["severity"] == "error"));
}

/// A JS value as JSON.
fn json_of(value: &JsValue) -> Value {
    let text: String = js_sys::JSON::stringify(value).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

#[wasm_bindgen_test]
fn workspace_update_is_the_native_contract_without_objects() {
    let native: Value = serde_json::from_str(NATIVE_SEED_JSON).unwrap();
    let mut ws = Workspace::new();
    let view = json_of(&ws.update(SEED.into(), efs()).map_err(JsValue::from).unwrap());
    let (vr, nr) = (view["resources"].as_array().unwrap(), native["resources"].as_array().unwrap());
    assert_eq!(vr.len(), nr.len());
    for (v, n) in vr.iter().zip(nr) {
        let (mut v, mut n) = (v.as_object().unwrap().clone(), n.as_object().unwrap().clone());
        assert!(v.remove("rev").unwrap().is_string());
        assert_eq!(v.remove("object").unwrap(), Value::Bool(!n.remove("object").unwrap().is_null()));
        // The troubleshooting rows come with `reference()`, not with the view.
        assert_eq!(v.remove("issues").unwrap(), json!([]));
        n.remove("issues");
        // The view's sources add the editor's UTF-16 range, and the keys that shaped the
        // resource (when the core names any), each with its range.
        if let Some(source) = v.get_mut("source").and_then(|s| s.as_object_mut()) {
            assert!(source.remove("from").unwrap().is_number() && source.remove("to").unwrap().is_number());
            if let Some(keys) = source.remove("keys") {
                assert!(keys
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|k| k["key"].is_string() && k["from"].is_number()));
            }
        }
        assert_eq!(v, n);
    }
    assert_eq!(
        view["diagnostics"].as_array().unwrap().len(),
        native["diagnostics"].as_array().unwrap().len()
    );
    assert_eq!(view["optionErrors"], json!([]));
    // The held analysis answers the other calls without analysing again.
    assert_eq!(json_of(&ws.contract().map_err(JsValue::from).unwrap()), native);
    assert_eq!(ws.stream(), NATIVE_SEED_YAML);
}

/// `updateFrom` (a new workspace taking over the one before) gives the view `update` gives,
/// with an error in the options too, each resource the edit left alone as the same as before
/// (`viewResources` gives it whole) or, where it did not move either, as its key alone (the
/// view before has it), and leaves the earlier workspace empty.
#[wasm_bindgen_test]
fn workspace_update_from_an_earlier_one_gives_the_same_view_and_empties_the_earlier() {
    let edited = SEED.replacen("port: 3000", "port: 3001", 1);
    let odd =
        js(json!({"env": {"A": "1"}, "params": {"efs_csi_driver_enable": "true"}, "rackVersion": "3.99"}));
    // Other options reuse nothing.
    for (options, reuses) in [(efs(), true), (odd, false)] {
        let mut earlier = Workspace::new();
        let before = json_of(&earlier.update(SEED.into(), efs()).map_err(JsValue::from).unwrap());
        let mut fresh = Workspace::new();
        let want = json_of(&fresh.update(edited.clone(), options.clone()).map_err(JsValue::from).unwrap());
        let mut next = Workspace::new();
        let mut got =
            json_of(&next.update_from(&mut earlier, edited.clone(), options).map_err(JsValue::from).unwrap());
        // The resources the edit left alone come as the same as before; `viewResources` has
        // them whole.
        let same: Vec<String> = got["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["same"] == json!(true))
            .map(|r| r["key"].as_str().unwrap().to_string())
            .collect();
        let all = got["resources"].as_array().unwrap().len();
        // The port's digit keeps every byte where it was: nothing moved.
        let unmoved = got["resources"].as_array().unwrap().iter().filter(|r| r.is_string()).count();
        if reuses {
            assert!(unmoved > all / 2, "most resources did not move ({unmoved} of {all})");
        } else {
            assert_eq!(same.len() + unmoved, 0);
        }
        let whole = json_of(&next.view_resources(same.clone()).map_err(JsValue::from).unwrap());
        assert_eq!(whole.as_array().unwrap().len(), same.len());
        // The groups are those of the view before (`null`): the edit changed no group (nor do
        // the other options, whose view is still the earlier one's follower).
        assert_eq!(got["groups"], json!(null));
        got["groups"] = before["groups"].clone();
        for r in got["resources"].as_array_mut().unwrap() {
            if let Some(key) = r.as_str() {
                *r =
                    before["resources"].as_array().unwrap().iter().find(|b| b["key"] == key).unwrap().clone();
            } else if r["same"] == json!(true) {
                *r = whole.as_array().unwrap().iter().find(|w| w["key"] == r["key"]).unwrap().clone();
            }
        }
        assert_eq!(got, want);
        assert_eq!(next.stream(), fresh.stream());
        assert_eq!(earlier.stream(), Workspace::new().stream(), "the earlier workspace holds nothing");
    }
}

/// `yaml()` also says where each convox.yml key that shaped the object wrote, by line:
/// `port` → the container's ports and the probes, `scale.count` → `replicas`.
#[wasm_bindgen_test]
fn workspace_yaml_marks_the_fields_each_key_wrote() {
    let mut ws = Workspace::new();
    ws.update(SEED.into(), efs()).map_err(JsValue::from).unwrap();
    let y = json_of(&ws.yaml("Deployment/my-rack-my-app/web", "masked").map_err(JsValue::from).unwrap());
    let lines: Vec<&str> = y["text"].as_str().unwrap().lines().collect();
    let fields = y["fields"].as_array().unwrap();
    let first_line = |key: &str, path: &str| {
        let f = fields
            .iter()
            .find(|f| f["key"] == key && f["path"] == path)
            .unwrap_or_else(|| panic!("{key} {path}"));
        let (line, end) = (f["line"].as_u64().unwrap() as usize, f["endLine"].as_u64().unwrap() as usize);
        assert!(line <= end && end <= lines.len());
        lines[line - 1].trim()
    };
    assert_eq!(first_line("port", "spec.template.spec.containers[0].ports"), "ports:");
    assert_eq!(first_line("port", "spec.template.spec.containers[0].readinessProbe"), "readinessProbe:");
    assert_eq!(first_line("scale.count", "spec.replicas"), "replicas: 2");
    assert!(fields.iter().all(|f| f["key"] != "domain"), "domain writes nothing in a Deployment");
}

#[wasm_bindgen_test]
fn workspace_yaml_masks_secrets_until_revealed() {
    let mut ws = Workspace::new();
    ws.update(SEED.into(), efs()).map_err(JsValue::from).unwrap();
    let key = "Secret/my-rack-my-app/env-web";
    let masked = json_of(&ws.yaml(key, "masked").map_err(JsValue::from).unwrap());
    assert!(masked["secrets"].as_u64().unwrap() > 3, "{masked}");
    assert!(masked["text"].as_str().unwrap().contains("APP: ••••••"));
    let decoded = json_of(&ws.yaml(key, "decoded").map_err(JsValue::from).unwrap());
    assert!(decoded["text"].as_str().unwrap().contains("stringData:"));
    assert!(decoded["text"].as_str().unwrap().contains("APP: my-app"));
    assert!(ws.yaml("Pod/my-rack-my-app/nope", "raw").map_err(JsValue::from).unwrap().is_null());
}

#[wasm_bindgen_test]
fn workspace_reference_and_label_commands_come_from_the_core() {
    let mut ws = Workspace::new();
    ws.update(SEED.into(), JsValue::UNDEFINED).map_err(JsValue::from).unwrap();
    let r = json_of(&ws.reference().map_err(JsValue::from).unwrap());
    assert!(r["quick"].as_array().unwrap().len() > 10);
    assert!(r["markdown"].as_str().unwrap().starts_with("# Kubernetes reference"));
    assert!(r["issues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["symptom"] == "web: the deploy fails or rolls back"));
    assert_eq!(
        ws.label_commands("service", "web"),
        ["kubectl get deployment,horizontalpodautoscaler,ingress,poddisruptionbudget,secret,service,serviceaccount -n my-rack-my-app -l service=web"]
    );
}

#[wasm_bindgen_test]
fn workspace_groups_and_filter_come_from_the_core() {
    let mut ws = Workspace::new();
    let view = json_of(&ws.update(SEED.into(), efs()).map_err(JsValue::from).unwrap());
    let groups = view["groups"].as_array().unwrap();
    assert_eq!(groups[0]["title"], "rack and app");
    let web = groups.iter().find(|g| g["title"] == "service web").unwrap();
    assert_eq!(web["lead"], "Deployment/my-rack-my-app/web");
    let f = json_of(&ws.filter("deploy/web").map_err(JsValue::from).unwrap());
    assert_eq!(f["keys"], json!(["Deployment/my-rack-my-app/web"]));
    assert_eq!(f["terms"][0]["what"], "object");
    assert_eq!(f["commands"], json!(["kubectl get deployment/web -n my-rack-my-app"]));
}

#[wasm_bindgen_test]
fn bad_profile_options_are_field_errors_not_exceptions() {
    let mut ws = Workspace::new();
    let view = json_of(
        &ws.update(SEED.into(), js(json!({"provider": "aws", "params": {"keda_enabled": "true"}})))
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(view["optionErrors"][0]["field"], "params.keda_enabled");
    assert!(view["optionErrors"][0]["message"].as_str().unwrap().contains("did you mean keda_enable?"));
    let view = json_of(
        &ws.update(SEED.into(), js(json!({"params": {"efs_csi_driver_enable": "true"}})))
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(view["profile"]["params"]["efs_csi_driver_enable"], "true");
    assert!(view["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] != "error"), "{view}");
}

/// An invalid rack name is one error at the Rack field, not one per object at 1:1; a bad
/// env line is one at the env field, with its line.
#[wasm_bindgen_test]
fn option_errors_are_reported_once_at_their_field() {
    let mut ws = Workspace::new();
    let options = json!({"rack": "my rack", "envText": "WEB_HOST=www.example.com\nDATABASE_URL\n",
        "params": {"efs_csi_driver_enable": "true"}});
    let view = json_of(&ws.update(SEED.into(), js(options)).map_err(JsValue::from).unwrap());
    let fields: Vec<&str> =
        view["optionErrors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["env", "rack"], "{view}");
    assert!(view["optionErrors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("line 2: \"DATABASE_URL\" has no '='"));
    assert!(view["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] != "error"), "{view}");
    let contract = json_of(&ws.contract().map_err(JsValue::from).unwrap());
    assert_eq!(contract["optionErrors"], view["optionErrors"]);
}

#[wasm_bindgen_test]
fn map_returns_plain_objects_and_nulls() {
    let out = map(SEED, JsValue::NULL).map_err(JsValue::from).unwrap();
    assert!(!out.is_instance_of::<js_sys::Map>());
    let resources = js_sys::Reflect::get(&out, &"resources".into()).unwrap();
    let resources: js_sys::Array = resources.into();
    for r in resources.iter() {
        let labels = js_sys::Reflect::get(&r, &"labels".into()).unwrap();
        assert!(labels.is_object() && !labels.is_instance_of::<js_sys::Map>(), "labels are a plain object");
        let object = js_sys::Reflect::get(&r, &"object".into()).unwrap();
        assert!(object.is_null() || (object.is_object() && !object.is_instance_of::<js_sys::Map>()));
    }
}

#[wasm_bindgen_test]
fn options_set_rack_app_and_env() {
    let out =
        map_json(SEED, js(json!({"rack": "prod", "app": "shop", "env": {"WEB_HOST": "shop.example.com"}})));
    assert_eq!(out["rack"], "prod");
    assert_eq!(out["app"], "shop");
    assert_eq!(out["namespace"], "prod-shop");
    let partial = map_json(SEED, js(json!({"app": "shop"})));
    assert_eq!(partial["rack"], "my-rack", "missing fields take the defaults");
}

#[wasm_bindgen_test]
fn invalid_yaml_is_a_diagnostic_not_an_exception() {
    let out = map_json("services:\n  web: [unclosed\n", JsValue::UNDEFINED);
    let diagnostics = out["diagnostics"].as_array().unwrap();
    assert!(diagnostics.iter().any(|d| d["severity"] == "error" && d["line"].is_number()), "{out}");
}

#[wasm_bindgen_test]
fn bad_options_are_an_error() {
    assert!(map(SEED, js(json!({"rack": 5}))).is_err());
}

#[wasm_bindgen_test]
fn version_is_a_semver() {
    let v = version();
    assert_eq!(v.split('.').filter(|p| p.parse::<u32>().is_ok()).count(), 3, "{v}");
}

#[wasm_bindgen_test]
fn rack_params_list_every_parameter_with_its_values() {
    let params = json_of(&rack_params().map_err(JsValue::from).unwrap());
    let router = params.as_array().unwrap().iter().find(|p| p["name"] == "router_type").unwrap();
    assert_eq!(router["choices"], json!(["nginx", "contour"]));
    assert_eq!(router["default"], "nginx");
    assert_eq!(router["providers"], json!(["aws"]));
    assert_eq!(router["changesApp"], json!(["aws"]));
    // Every parameter of every provider, those of the rack itself marked as changing nothing.
    let node_type = params.as_array().unwrap().iter().find(|p| p["name"] == "node_type").unwrap();
    assert_eq!(node_type["changesApp"], json!([]));
    assert_eq!(node_type["defaults"]["gcp"], "n1-standard-2");
    let docker = params.as_array().unwrap().iter().find(|p| p["name"] == "docker_hub_username").unwrap();
    assert_eq!(docker["changesApp"], json!(["aws"]));
    assert_eq!(params.as_array().unwrap().len(), convox_k8s::profile::PARAMS.len());
}

#[wasm_bindgen_test]
fn rack_versions_list_every_version_and_the_option_picks_one() {
    let versions = json_of(&rack_versions().map_err(JsValue::from).unwrap());
    let list = versions.as_array().unwrap();
    assert_eq!(list.len(), 14);
    assert_eq!(list[0], json!({"version": "3.20.1", "rendersAs": "3.20.1", "default": false}));
    assert_eq!(list[4], json!({"version": "3.24.0", "rendersAs": "3.23.4", "default": false}));
    assert_eq!(list[13], json!({"version": "3.24.9", "rendersAs": "3.24.8", "default": true}));
    let keda = json_of(&rack_params().map_err(JsValue::from).unwrap());
    let keda = keda.as_array().unwrap().iter().find(|p| p["name"] == "keda_enable").unwrap().clone();
    assert_eq!(keda["since"], json!({"aws": "3.23.4"}));

    let source = "services:\n  web:\n    port: 3000\n    securityContext:\n      runAsNonRoot: true\n";
    let mut ws = Workspace::new();
    let view = json_of(
        &ws.update(source.into(), js(json!({"rackVersion": "3.22.5"}))).map_err(JsValue::from).unwrap(),
    );
    assert_eq!(view["profile"]["rackVersion"], "3.22.5");
    assert!(view["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("securityContext is new in rack version 3.24.5"));
    let at = source.find("securityContext").unwrap() + 1;
    let hover = json_of(&ws.hover(at).map_err(JsValue::from).unwrap());
    assert_eq!(hover["since"], "3.24.5");
    assert!(hover["newer"].as_str().unwrap().contains("a 3.22.5 rack ignores it"));
    // An unknown version is an option error naming the newest, and the newest renders.
    let view = json_of(
        &ws.update(source.into(), js(json!({"rackVersion": "3.25.0"}))).map_err(JsValue::from).unwrap(),
    );
    assert_eq!(view["optionErrors"][0]["field"], "rackVersion");
    assert!(view["optionErrors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("the newest this tool knows is 3.24.9"));
    assert_eq!(view["profile"]["rackVersion"], "3.24.9");
    // A parameter the chosen version does not have is an option error at it.
    let view = json_of(
        &ws.update(source.into(), js(json!({"rackVersion": "3.22.5", "params": {"keda_enable": "true"}})))
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(view["optionErrors"][0]["field"], "params.keda_enable");
    assert!(view["optionErrors"][0]["message"].as_str().unwrap().contains("came in rack version 3.23.4"));
}

#[wasm_bindgen_test]
fn workspace_editor_help_counts_in_utf16() {
    // "é" is 2 bytes and 1 UTF-16 unit, "😀" 4 bytes and 2 units: the offsets the editor gives.
    let source = "# é 😀\nservices:\n  web:\n    image: nginx\n    port: 3000\n    sca";
    let mut ws = Workspace::new();
    ws.update(source.into(), JsValue::UNDEFINED).map_err(JsValue::from).unwrap();
    let utf16 = |s: &str| s.encode_utf16().count();
    let end = utf16(source);
    let found = json_of(&ws.complete(end).map_err(JsValue::from).unwrap());
    assert_eq!(found["from"], json!(end - 3));
    let labels: Vec<&str> =
        found["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"scale") && !labels.contains(&"port"), "{labels:?}");
    let port = utf16(&source[..source.find("port").unwrap()]);
    let hover = json_of(&ws.hover(port + 1).map_err(JsValue::from).unwrap());
    assert_eq!((hover["from"].clone(), hover["to"].clone()), (json!(port), json!(port + 4)));
    assert_eq!(hover["path"], json!("services.<name>.port"));
    assert!(ws.hover(0).map_err(JsValue::from).unwrap().is_null());
    // Once the text is YAML again, the hint of web sits at the end of its line, in UTF-16.
    let source = source.trim_end_matches("    sca");
    let view = json_of(&ws.update(source.into(), JsValue::UNDEFINED).map_err(JsValue::from).unwrap());
    let web = view["hints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["path"] == json!("services.web"))
        .unwrap()
        .clone();
    assert_eq!(web["at"], json!(utf16(&source[..source.find("  web:").unwrap() + "  web:".len()])));
    assert!(web["kinds"].as_array().unwrap().contains(&json!("Ingress")));
    // The verdict and the names nobody chose come with every view.
    assert_eq!(view["verdict"]["refused"], json!(false));
    assert_eq!(view["defaultNames"][0]["text"], json!("my-rack-my-app"));
    let options = js(json!({"rack": "prod", "app": "shop", "release": "R1", "build": "B1"}));
    let view = json_of(
        &ws.update("services:\n  web:\n    port: abc\n".into(), options).map_err(JsValue::from).unwrap(),
    );
    assert_eq!(view["defaultNames"], json!([]));
    assert_eq!(view["verdict"]["summary"], json!("The rack refuses this release: 1 error."));
}

#[wasm_bindgen_test]
fn workspace_view_carries_what_is_not_created_only_when_asked() {
    let source = "services:\n  web:\n    port: 3000\n    scale:\n      count: 2\n";
    let mut ws = Workspace::new();
    let off = json_of(&ws.update(source.into(), JsValue::UNDEFINED).map_err(JsValue::from).unwrap());
    assert_eq!(off["absent"], json!([]));
    // The full contract has them all the same, as map() and the CLI give them.
    let contract = json_of(&ws.contract().map_err(JsValue::from).unwrap());
    assert_eq!(contract, map_json(source, JsValue::UNDEFINED));
    assert!(!contract["absent"].as_array().unwrap().is_empty());
    let on = json_of(&ws.update(source.into(), js(json!({"absent": true}))).map_err(JsValue::from).unwrap());
    let hpa =
        on["absent"].as_array().unwrap().iter().find(|a| a["kind"] == "HorizontalPodAutoscaler").unwrap();
    assert_eq!(hpa["reason"], "no HorizontalPodAutoscaler: scale.count is a fixed 2");
    // The editor's UTF-16 offsets of the edit: `2` at the end of `count: 2`.
    let at = source.find("count: 2").unwrap() + "count: ".len();
    assert_eq!(
        hpa["edits"],
        json!([{"line": 5, "column": 14, "endLine": 5, "endColumn": 15, "insert": "2-10", "from": at, "to": at + 1}])
    );
}

#[wasm_bindgen_test]
fn workspace_changes_compare_with_a_pinned_baseline_without_showing_secrets() {
    let old = "environment:\n  - TOKEN=first\nservices:\n  web:\n    port: 3000\n    scale:\n      count: 2\n  gone:\n    port: 4000\n";
    let new =
        "environment:\n  - TOKEN=second\nservices:\n  web:\n    port: 3000\n    scale:\n      count: 2-10\n";
    let mut baseline = Workspace::new();
    baseline.update(old.into(), JsValue::UNDEFINED).map_err(JsValue::from).unwrap();
    let mut ws = Workspace::new();
    ws.update(new.into(), JsValue::UNDEFINED).map_err(JsValue::from).unwrap();
    let out = json_of(&ws.changes(&baseline).map_err(JsValue::from).unwrap());
    let changes = out["changes"].as_array().unwrap();
    let find = |change: &str, key: &str| changes.iter().find(|c| c["change"] == change && c["key"] == key);
    // Keys are the cards' keys: the page marks them.
    let hpa = find("added", "HorizontalPodAutoscaler/my-rack-my-app/web").expect("the HPA is added");
    assert_eq!(hpa["kind"], "HorizontalPodAutoscaler");
    let gone = find("removed", "Deployment/my-rack-my-app/gone").expect("gone's Deployment is removed");
    assert_eq!(gone["owner"], "gone");
    assert!(find("changed", "Secret/my-rack-my-app/env-web").is_some(), "{out:#}");
    assert_eq!(out["summary"]["removed"], json!(changes.iter().filter(|c| c["change"] == "removed").count()));
    assert!(out["summary"]["effects"]["traffic"].as_u64().unwrap() >= 1, "gone's Service: {out:#}");
    assert_eq!(out["baselineErrors"], 0);
    let text = out.to_string();
    assert!(!text.contains("first") && !text.contains("second"), "no secret value, clear or base64: {text}");
    assert!(!text.contains("Zmlyc3Q") && !text.contains("c2Vjb25k"));
    // The review's Markdown, as `convox-k8s diff --format markdown` prints it.
    let markdown = out["markdown"].as_str().unwrap();
    assert!(markdown.contains("HorizontalPodAutoscaler") && !markdown.contains("second"), "{markdown}");
    // Identical manifests: nothing changes.
    let same = json_of(&baseline.changes(&baseline).map_err(JsValue::from).unwrap());
    assert_eq!(same["changes"], json!([]));
}

#[wasm_bindgen_test]
fn workspace_topology_is_the_cores_graph_with_broken_marked() {
    let mut ws = Workspace::new();
    ws.update(SEED.into(), efs()).map_err(JsValue::from).unwrap();
    let t = json_of(&ws.topology().map_err(JsValue::from).unwrap());
    let edges = t["edges"].as_array().unwrap();
    let ns = "my-rack-my-app";
    assert!(edges.iter().any(|e| e["from"] == format!("Ingress/{ns}/web")
        && e["to"] == format!("Service/{ns}/web")
        && e["via"] == "routes to"));
    assert!(edges.iter().all(|e| e.get("broken").is_none()), "nothing broken in the example");
    // The optional CA ConfigMap the rack mounts is absent but not broken.
    assert!(edges.iter().any(|e| e["to"].is_null() && e["optional"] == true));
    assert!(t["nodes"].as_array().unwrap().iter().any(|n| n["key"] == format!("Deployment/{ns}/web")));
}

#[wasm_bindgen_test]
fn workspace_share_gives_stand_ins_that_reproduce_the_view_and_stand_ins_fill_only_unset_names() {
    let source =
        "environment:\n  - DB_PASSWORD\nservices:\n  web:\n    port: 3000\n    domain: ${WEB_HOST}\n";
    let mut sender = Workspace::new();
    let mine = json_of(
        &sender
            .update(source.into(), js(json!({"envText": "WEB_HOST=www.example.com\nDB_PASSWORD=hunter2"})))
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(mine["withheld"], json!([]));
    assert_eq!(mine["verdict"]["refused"], json!(false));
    let shared = json_of(&sender.share(false).map_err(JsValue::from).unwrap());
    assert_eq!(shared["env"], json!({}), "no value in a link without them");
    assert_eq!(shared["standIns"], json!({"DB_PASSWORD": "not-shared", "WEB_HOST": "not-shared"}));
    assert_eq!(shared["differences"], Value::Null);
    let with_values = json_of(&sender.share(true).map_err(JsValue::from).unwrap());
    assert_eq!(with_values["env"], json!({"WEB_HOST": "www.example.com", "DB_PASSWORD": "hunter2"}));
    // The receiver: the stand-ins, and an env text that sets one of them for real.
    let mut receiver = Workspace::new();
    let theirs = json_of(
        &receiver
            .update(source.into(), js(json!({"envText": "", "standIns": shared["standIns"]})))
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(theirs["withheld"], json!(["DB_PASSWORD", "WEB_HOST"]));
    assert_eq!(theirs["optionErrors"], json!([]));
    let keys =
        |v: &Value| v["resources"].as_array().unwrap().iter().map(|r| r["key"].clone()).collect::<Vec<_>>();
    assert_eq!(keys(&theirs), keys(&mine));
    assert_eq!(theirs["diagnostics"], mine["diagnostics"]);
    let filled = json_of(
        &receiver
            .update(
                source.into(),
                js(json!({"envText": "WEB_HOST=a.example.com", "standIns": shared["standIns"]})),
            )
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(filled["withheld"], json!(["DB_PASSWORD"]), "the env text wins");
}

#[wasm_bindgen_test]
fn workspace_verdict_counts_the_cores_errors_not_the_env_boxs_lines() {
    let mut ws = Workspace::new();
    let view = json_of(
        &ws.update("services:\n  web:\n    port: [\n".into(), JsValue::UNDEFINED)
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(view["verdict"]["refused"], json!(true));
    assert!(view["verdict"]["errors"].as_u64().unwrap() >= 1);
    // An env line without '=' is the page's input, not a refusal.
    let env_line = json_of(
        &ws.update("services:\n  web:\n    port: 3000\n".into(), js(json!({"envText": "NOPE"})))
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(env_line["optionErrors"].as_array().unwrap().len(), 1, "still shown, at the env box");
    assert_eq!(env_line["verdict"]["refused"], json!(false));
    assert_eq!(env_line["verdict"]["errors"], json!(0));
    // A rack name no namespace can have is the core's: refused.
    let rack = json_of(
        &ws.update("services:\n  web:\n    port: 3000\n".into(), js(json!({"rack": "Prod_Rack"})))
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(rack["verdict"]["refused"], json!(true));
}

#[wasm_bindgen_test]
fn drift_is_the_native_report_and_the_command_is_the_clis() {
    let mut ws = Workspace::new();
    ws.update(SEED.to_string(), efs()).map_err(JsValue::from).unwrap();
    let report = json_of(&ws.drift(EDITED_DUMP).map_err(JsValue::from).unwrap());
    let native: Value = serde_json::from_str(NATIVE_DRIFT_JSON).unwrap();
    assert_eq!(report, native);
    assert_eq!(report["objects"][0]["key"], "Ingress/my-rack-my-app/web", "a card's key");
    let command = ws.dump_command();
    assert!(command.starts_with("{\n  kubectl get -n my-rack-my-app -o yaml "), "{command}");
    // Not a dump: the report says where, and the page shows it.
    let bad = json_of(&ws.drift("services:\n  web: {}\n").map_err(JsValue::from).unwrap());
    assert_eq!(bad["diagnostics"][0]["severity"], "error");
    assert_eq!(bad["diagnostics"][0]["line"], 1);
}

#[wasm_bindgen_test]
fn complete_and_hover_read_the_text_alone_as_the_workspace_does() {
    use convox_k8s::wasm::{complete, hover};
    let source = "services:\n  web:\n    sca";
    let mut ws = Workspace::new();
    ws.update(source.into(), JsValue::UNDEFINED).map_err(JsValue::from).unwrap();
    let offset = source.len();
    let free = json_of(&complete(source, offset, "").map_err(JsValue::from).unwrap());
    assert_eq!(free, json_of(&ws.complete(offset).map_err(JsValue::from).unwrap()));
    let at = source.find("web").unwrap() + 1;
    assert_eq!(
        json_of(&hover(source, at, "3.24.9").map_err(JsValue::from).unwrap()),
        json_of(&ws.hover(at).map_err(JsValue::from).unwrap())
    );
}
