//! htxq's integration tests: one binary, a module per area (ripgrep's layout).

mod it;
