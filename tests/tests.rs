//! Integration tests: one binary, one module per topic.

mod util;

mod cli;
mod cluster;
mod conformance;
mod contract;
mod corpus;
mod html;
mod inspection;
mod pathological;
mod pdf;
mod properties;
mod real_findings;
mod real_sample;
mod seeds;
