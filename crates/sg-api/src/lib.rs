//! API security: endpoint inventory, API and JWT rules
