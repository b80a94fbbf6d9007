//! Flask's environment files through the binary: `snakeguard scan` feeds `.flaskenv` /
//! `.env` files to the API rules (`API106`), next to the Python files.

mod common;

use common::{Project, json_findings};

#[test]
fn flaskenv_debug_is_reported_by_scan() {
    let project = Project::new();
    project.write(
        "app.py",
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get(\"/\")\ndef index():\n    return \"ok\"\n",
    );
    project.write(".flaskenv", "FLASK_APP=app.py\nFLASK_DEBUG=1\n");
    project.write(".env.production", "export FLASK_ENV=\"development\"\n");
    // ok: a development variant, and debug switched off.
    project.write(".env.development", "FLASK_DEBUG=1\n");
    project.write(".env", "FLASK_DEBUG=0\nFLASK_ENV=production\n");
    let run = project.run(&["scan", ".", "--select", "API106", "--format", "json"]);
    assert_eq!(
        json_findings(&run.stdout),
        vec![
            "API106 .env.production:1".to_string(),
            "API106 .flaskenv:2".to_string(),
        ],
        "stdout: {}",
        run.stdout
    );
}

#[test]
fn flaskenv_finding_can_be_ignored() {
    let project = Project::new();
    project.write(".flaskenv", "FLASK_DEBUG=1\n");
    let run = project.run(&["scan", ".", "--ignore", "API106", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), Vec::<String>::new());
}
