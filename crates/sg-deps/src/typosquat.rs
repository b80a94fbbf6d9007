//! Names that look like a popular package's name.
