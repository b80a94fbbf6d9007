pub mod pickle;
pub mod rule;
pub mod scan;
