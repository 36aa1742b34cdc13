//! TODO(owner: see ARCHITECTURE.md)

use super::{Context, Mapped};
use crate::manifest::Manifest;

pub fn render(manifest: &Manifest, ctx: &Context, out: &mut Mapped) {
    let _ = (manifest, ctx, out);
}
