mod cli;
mod docs;
mod extraction;
mod util;
