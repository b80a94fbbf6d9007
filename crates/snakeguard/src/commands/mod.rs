pub mod api;
pub mod audit;
pub mod db;
pub mod deps;
pub mod init;
pub mod pickle;
pub mod rule;
pub mod scan;
