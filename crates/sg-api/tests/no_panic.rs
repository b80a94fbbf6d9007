//! Property tests: extraction, the join and the rules never panic and never loop, whatever
//! the Python (arbitrary text, and fragments of framework code combined at random, which
//! produce cycles such as `app.register_blueprint(app)` or `a = b; b = a`).

mod common;

use proptest::prelude::*;
use sg_api::{ModuleFacts, Options};

/// Runs the whole pipeline on a set of `(file name, text)` modules.
fn pipeline(files: &[(String, String)]) -> usize {
    let Ok(dir) = tempfile::tempdir() else {
        return 0;
    };
    let mut facts: Vec<ModuleFacts> = Vec::new();
    for (name, text) in files {
        let path = dir.path().join(name);
        facts.push(sg_api::extract_file(&path, name, text));
    }
    let options = Options::default();
    let inventory = sg_api::build_inventory(&facts, &options);
    let findings = sg_api::check(&inventory, &facts, &options);
    let rendered = sg_api::render::table(&inventory).len()
        + sg_api::render::json(&inventory).len()
        + sg_api::render::markdown(&inventory).len();
    rendered + findings.len()
}

const FRAGMENTS: &[&str] = &[
    "from flask import Flask, Blueprint\n",
    "from fastapi import FastAPI, APIRouter, Depends, Security\n",
    "from django.urls import path, include, re_path\n",
    "from aiohttp import web\n",
    "import jwt\n",
    "from jose import jwt as jose_jwt\n",
    "from rest_framework.routers import DefaultRouter\n",
    "from rest_framework import viewsets\n",
    "app = Flask(__name__)\n",
    "app = FastAPI(dependencies=[Depends(app)])\n",
    "bp = Blueprint('x', __name__, url_prefix=bp)\n",
    "router = APIRouter(prefix=f'{router}/x')\n",
    "app.register_blueprint(app)\n",
    "bp.register_blueprint(bp, url_prefix='/a')\n",
    "app.register_blueprint(bp)\n",
    "app.include_router(router, prefix='/r', dependencies=[Depends(router)])\n",
    "router.include_router(router)\n",
    "a = b\nb = a\n",
    "@app.route('/x', methods=['POST'])\ndef x():\n    return x()\n",
    "@bp.post('/y')\n@a.limit('1/s')\ndef y(request):\n    pass\n",
    "@router.delete('/{i}')\ndef d(i, u=Depends(d)):\n    pass\n",
    "def get_user(u=Depends(get_user)):\n    raise HTTPException(status_code=401)\n",
    "urlpatterns = [path('a/', include('mod0')), path('b/', include(urlpatterns))]\n",
    "urlpatterns += urlpatterns\n",
    "router = DefaultRouter()\nrouter.register(r'x', V)\nurlpatterns = [path('', include(router.urls))]\n",
    "class V(viewsets.ModelViewSet, V):\n    permission_classes = V\n",
    "class V(V):\n    pass\n",
    "ROOT_URLCONF = 'mod1'\nINSTALLED_APPS = ['rest_framework']\n",
    "REST_FRAMEWORK = {'DEFAULT_PERMISSION_CLASSES': REST_FRAMEWORK}\n",
    "web_app = web.Application(middlewares=[web_app])\nweb_app.add_subapp('/s', web_app)\n",
    "web_app.router.add_route('*', '/v', V)\n",
    "def create_app():\n    app = Flask(__name__)\n    init(app)\n    return create_app()\n",
    "def init(app):\n    app.register_blueprint(bp)\n",
    "jwt.decode(t, k, options=opts)\nopts = {'verify_signature': False}\n",
    "jose_jwt.decode(t, K)\nK = K\n",
    "for bp in (bp, app):\n    app.register_blueprint(bp)\n",
    "x = [*x, *urlpatterns]\n",
    "@(lambda f: f)\ndef z(): pass\n",
    "class S:\n    P = S.P\ns = S()\nr = APIRouter(prefix=s.P)\n",
    "routes = [('/a', V), ('/b',), 3, routes]\nfor p, v in routes:\n    api.add_resource(v, p)\n",
    "def reg(bp, rs, decorators=None):\n    for p, r in rs:\n        f = r.as_view('x')\n        for d in decorators or []:\n            f = d(f)\n        bp.add_url_rule(p, view_func=f)\n",
    "reg(bp, routes, decorators=[login_required])\nreg(reg, reg)\n",
    "for route in routes:\n    for route in route:\n        app.add_url_rule(route[0], view_func=route[-9])\n",
    "@bp.before_request\ndef h():\n    if request.endpoint in P:\n        return\n    if not request.path.startswith(('/a', 1)):\n        abort(401)\n",
    "@bp.url_value_preprocessor\ndef pull(endpoint, values):\n    x = values.pop('id')\n    if x not in session:\n        raise Redirect(url_for('login'))\n",
];

fn module_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..12).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        pipeline(&[("mod0.py".to_string(), text)]);
    }

    #[test]
    fn env_files_never_panic(text in "\\PC{0,400}") {
        let facts = sg_api::extract_env_file(".flaskenv", &text);
        prop_assert!(facts.findings.len() <= text.lines().count());
    }

    #[test]
    fn framework_fragments_never_panic_or_loop(
        first in module_text(),
        second in module_text(),
        third in module_text(),
    ) {
        pipeline(&[
            ("mod0.py".to_string(), first),
            ("mod1.py".to_string(), second),
            ("__init__.py".to_string(), third),
        ]);
    }
}

#[test]
fn deep_nesting_is_skipped_not_overflowed() {
    let deep = format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    let calls = format!("app.route({})\n", "f(".repeat(3000) + &")".repeat(3000));
    pipeline(&[
        ("deep.py".to_string(), deep),
        ("calls.py".to_string(), calls),
    ]);
}

#[test]
fn a_huge_literal_list_is_bounded() {
    let items: Vec<String> = (0..60_000).map(|i| format!("'{i}'")).collect();
    let text = format!(
        "ALLOWED_HOSTS = [{}]\nINSTALLED_APPS = []\n",
        items.join(", ")
    );
    let facts = sg_api::extract_file(std::path::Path::new("settings.py"), "settings.py", &text);
    let total: usize = facts
        .assignments
        .iter()
        .map(|assignment| match &assignment.value {
            sg_api::Value::List(items) => items.len(),
            _ => 0,
        })
        .sum();
    assert!(total <= 20_001, "{total}");
}
