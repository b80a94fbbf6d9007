//! `SEC403`: parameter defaults `def connect(password="…")`, positional-only, regular and
//! keyword-only parameters, `def` and `async def`.

use sg_python::ast::StmtFunctionDef;
use sg_secrets::python::Site;

use super::report;
use crate::checker::Checker;

pub(crate) fn check(checker: &Checker, function: &StmtFunctionDef) {
    let parameters = &function.parameters;
    for parameter in parameters
        .posonlyargs
        .iter()
        .chain(&parameters.args)
        .chain(&parameters.kwonlyargs)
    {
        let Some(default) = parameter.default() else {
            continue;
        };
        let name = parameter.name().as_str();
        report(checker, Site::ParameterDefault { name }, default, None);
    }
}
