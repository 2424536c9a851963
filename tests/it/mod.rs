mod cli;
mod docs;
mod extraction;
mod injection;
mod language;
mod queries;
mod roundtrip;
mod util;
