//! The built-in taint model: which qualified names are sources, sinks, sanitizers and
//! propagators. Names are the resolved qualified names of `sg-python` (builtins without a
//! module: `eval`, `open`), matched as whole strings so that each table compiles to a jump
//! table rather than a loop over patterns.
//!
//! What is not listed here is decided by the engine's general rules: a method called on a
//! tainted object returns tainted data, and a call of a function we cannot see returns clean
//! data (we prefer missing a flow through a library we do not model to reporting one that is
//! not there).

use crate::rules::SinkClass;
use crate::value::{ObjectKind, SinkSet};

/// Attributes of a framework request object that hold request data: Flask's `request.*`,
/// Django/DRF, aiohttp and Starlette request objects (a union: each framework only has its
/// own, so the union costs nothing in precision).
pub(crate) fn is_request_data_attribute(attribute: &str) -> bool {
    matches!(
        attribute,
        // Flask / Werkzeug
        "args" | "form" | "values" | "json" | "get_json" | "data" | "files" | "cookies"
            | "headers" | "view_args" | "stream" | "get_data" | "query_string"
            // Django / DRF
            | "GET" | "POST" | "body" | "COOKIES" | "META" | "FILES" | "query_params"
            | "read" | "readline" | "readlines" | "content_params"
            // aiohttp
            | "match_info" | "query" | "rel_url" | "post" | "text" | "content" | "multipart"
            // Starlette / FastAPI (and their WebSocket)
            | "path_params" | "receive_text" | "receive_json" | "receive_bytes" | "iter_text"
            | "iter_json" | "iter_bytes"
    )
}

/// `flask.request.<data attribute>…`: the length of the source part of the name
/// (`flask.request.args` in `flask.request.args.get`).
pub(crate) fn flask_request_source(name: &str) -> Option<usize> {
    let rest = name.strip_prefix("flask.request.")?;
    let attribute = rest.split('.').next().unwrap_or(rest);
    is_request_data_attribute(attribute).then(|| "flask.request.".len() + attribute.len())
}

/// Calls whose result is untrusted input.
pub(crate) fn source_call(name: &str) -> Option<crate::value::SourceKind> {
    match name {
        "input" | "builtins.input" => Some(crate::value::SourceKind::Input),
        _ => None,
    }
}

/// Socket methods whose result is network data.
pub(crate) fn is_socket_read(method: &str) -> bool {
    matches!(method, "recv" | "recvfrom" | "recvmsg" | "makefile")
}

/// Calls whose result is sanitized for the given sinks (all of them for conversions to
/// numbers and for validation).
pub(crate) fn sanitizer(name: &str) -> Option<SinkSet> {
    Some(match name {
        "int"
        | "float"
        | "bool"
        | "complex"
        | "len"
        | "hash"
        | "id"
        | "ord"
        | "abs"
        | "round"
        | "isinstance"
        | "uuid.UUID"
        | "decimal.Decimal"
        | "datetime.date.fromisoformat"
        | "datetime.datetime.fromisoformat"
        | "datetime.datetime.strptime"
        | "ipaddress.ip_address"
        | "ipaddress.ip_network"
        | "werkzeug.utils.secure_filename"
        | "hashlib.sha256"
        | "hashlib.md5"
        | "hashlib.sha1"
        | "uuid.uuid4"
        | "django.utils.http.url_has_allowed_host_and_scheme"
        | "django.utils.http.is_safe_url" => SinkSet::ALL,
        "shlex.quote" | "pipes.quote" => SinkSet::of(SinkClass::Command),
        "os.path.basename" | "posixpath.basename" | "ntpath.basename" => {
            SinkSet::of(SinkClass::Path)
        }
        "werkzeug.utils.safe_join"
        | "werkzeug.security.safe_join"
        | "flask.safe_join"
        | "flask.helpers.safe_join"
        | "django.utils._os.safe_join" => SinkSet::of(SinkClass::Path),
        _ => return None,
    })
}

/// Methods whose result is validated data, whatever they are called on (pydantic, DRF,
/// marshmallow, Django forms).
pub(crate) fn is_validating_method(method: &str) -> bool {
    matches!(
        method,
        "model_validate"
            | "model_validate_json"
            | "model_validate_strings"
            | "parse_obj"
            | "parse_raw"
            | "validate_python"
            | "validate_json"
            | "validate_strings"
            | "is_valid"
            | "full_clean"
    )
}

/// Attributes that hold validated data (DRF serializers, Django forms).
pub(crate) fn is_validated_attribute(attribute: &str) -> bool {
    matches!(attribute, "validated_data" | "cleaned_data")
}

/// Methods of any object whose result says something about the value but carries none of
/// it (booleans and counts).
pub(crate) fn is_non_propagating_method(method: &str) -> bool {
    matches!(
        method,
        "startswith"
            | "endswith"
            | "isdigit"
            | "isdecimal"
            | "isnumeric"
            | "isalnum"
            | "isalpha"
            | "isascii"
            | "isidentifier"
            | "islower"
            | "isupper"
            | "isspace"
            | "count"
            | "find"
            | "rfind"
            | "index"
            | "rindex"
            | "exists"
            | "is_file"
            | "is_dir"
            | "__len__"
            | "__contains__"
    )
}

/// Methods that build a string from the receiver and the arguments: taint of either flows.
pub(crate) fn is_string_builder(method: &str) -> bool {
    matches!(
        method,
        "join"
            | "format"
            | "format_map"
            | "replace"
            | "__add__"
            | "__mod__"
            | "encode"
            | "decode"
            | "strip"
            | "lstrip"
            | "rstrip"
            | "removeprefix"
            | "removesuffix"
    )
}

/// Methods that put their arguments into the receiver (a weak update of the receiver).
pub(crate) fn is_mutating_method(method: &str) -> bool {
    matches!(
        method,
        "append"
            | "extend"
            | "insert"
            | "add"
            | "update"
            | "setdefault"
            | "appendleft"
            | "extendleft"
            | "write"
            | "writelines"
    )
}

/// Calls whose result carries the taint of their arguments.
pub(crate) fn is_propagator(name: &str) -> bool {
    matches!(
        name,
        "str"
            | "bytes"
            | "bytearray"
            | "repr"
            | "ascii"
            | "format"
            | "list"
            | "tuple"
            | "set"
            | "frozenset"
            | "dict"
            | "sorted"
            | "reversed"
            | "iter"
            | "next"
            | "min"
            | "max"
            | "map"
            | "filter"
            | "zip"
            | "enumerate"
            | "memoryview"
            | "typing.cast"
            | "json.loads"
            | "json.load"
            | "json.dumps"
            | "simplejson.loads"
            | "orjson.loads"
            | "ujson.loads"
            | "base64.b64decode"
            | "base64.b64encode"
            | "base64.urlsafe_b64decode"
            | "base64.urlsafe_b64encode"
            | "base64.standard_b64decode"
            | "base64.b32decode"
            | "base64.b16decode"
            | "base64.b85decode"
            | "base64.a85decode"
            | "base64.decodebytes"
            | "base64.encodebytes"
            | "binascii.unhexlify"
            | "binascii.a2b_base64"
            | "binascii.a2b_hex"
            | "bytes.fromhex"
            | "codecs.decode"
            | "codecs.encode"
            | "zlib.decompress"
            | "gzip.decompress"
            | "bz2.decompress"
            | "lzma.decompress"
            | "urllib.parse.unquote"
            | "urllib.parse.unquote_plus"
            | "urllib.parse.unquote_to_bytes"
            | "urllib.parse.quote"
            | "urllib.parse.quote_plus"
            | "urllib.parse.urljoin"
            | "urllib.parse.urlparse"
            | "urllib.parse.urlsplit"
            | "urllib.parse.urlunparse"
            | "urllib.parse.urlunsplit"
            | "urllib.parse.urlencode"
            | "urllib.parse.parse_qs"
            | "urllib.parse.parse_qsl"
            | "urllib.request.Request"
            | "os.path.join"
            | "os.path.abspath"
            | "os.path.normpath"
            | "os.path.realpath"
            | "os.path.expanduser"
            | "os.path.expandvars"
            | "os.path.dirname"
            | "os.fspath"
            | "os.fsencode"
            | "os.fsdecode"
            | "posixpath.join"
            | "posixpath.normpath"
            | "posixpath.abspath"
            | "ntpath.join"
            | "io.BytesIO"
            | "io.StringIO"
            | "io.BufferedReader"
            | "io.TextIOWrapper"
            | "html.unescape"
            | "textwrap.dedent"
            | "textwrap.indent"
            | "copy.copy"
            | "copy.deepcopy"
            | "shlex.split"
            | "shlex.join"
            | "itertools.chain"
            | "re.sub"
            | "re.subn"
            | "re.match"
            | "re.search"
            | "re.fullmatch"
            | "re.findall"
            | "re.finditer"
            | "re.split"
            | "django.utils.encoding.force_str"
            | "django.utils.encoding.force_bytes"
            | "django.utils.encoding.smart_str"
            | "django.utils.encoding.smart_bytes"
            | "django.utils.http.urlsafe_base64_decode"
            | "django.http.QueryDict"
            | "markupsafe.Markup"
            | "flask.Markup"
            | "string.Template"
    )
}

/// Constructors of objects whose kind matters (decorators, sink methods).
pub(crate) fn object_constructor(name: &str) -> Option<ObjectKind> {
    Some(match name {
        "flask.Flask" | "flask.Blueprint" | "flask.app.Flask" | "flask.blueprints.Blueprint" => {
            ObjectKind::FlaskApp
        }
        "fastapi.FastAPI"
        | "fastapi.APIRouter"
        | "fastapi.routing.APIRouter"
        | "starlette.applications.Starlette"
        | "starlette.routing.Router" => ObjectKind::FastApiApp,
        "aiohttp.web.RouteTableDef" | "aiohttp.web_routedef.RouteTableDef" => {
            ObjectKind::AiohttpRoutes
        }
        "requests.Session"
        | "requests.session"
        | "requests.sessions.Session"
        | "httpx.Client"
        | "httpx.AsyncClient"
        | "aiohttp.ClientSession"
        | "aiohttp.client.ClientSession"
        | "urllib3.PoolManager"
        | "urllib3.ProxyManager"
        | "urllib3.poolmanager.PoolManager" => ObjectKind::HttpClient,
        "jinja2.Environment" | "jinja2.environment.Environment" => ObjectKind::TemplateEnvironment,
        "jinja2.sandbox.SandboxedEnvironment" | "jinja2.sandbox.ImmutableSandboxedEnvironment" => {
            ObjectKind::SandboxedEnvironment
        }
        "pathlib.Path"
        | "pathlib.PurePath"
        | "pathlib.PosixPath"
        | "pathlib.WindowsPath"
        | "pathlib.PurePosixPath"
        | "anyio.Path"
        | "trio.Path" => ObjectKind::Path,
        "socket.socket" | "socket.create_connection" | "socket.fromfd" => ObjectKind::Socket,
        _ => return None,
    })
}

/// Extra conditions a sink checks on the call before the argument counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Condition {
    /// Always a sink.
    Always,
    /// `yaml.load`: unless `Loader=` is a safe loader.
    YamlLoader,
    /// ruamel's old `load`: unless `Loader=` is a safe loader.
    RuamelLoader,
    /// `torch.load`: unless `weights_only=True`.
    TorchWeightsOnly,
    /// `numpy.load`: only when `allow_pickle` may be true.
    NumpyAllowPickle,
    /// Keras `load_model`: only with `safe_mode=False`.
    KerasUnsafe,
    /// Only with `trust_remote_code` that may be true.
    TrustRemoteCode,
    /// `subprocess` functions: the whole command with a shell, else `argv[0]`.
    Subprocess,
    /// The argument is a program (or an argv list): its first element matters.
    Argv0,
}

/// Which arguments of a sink call are dangerous.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arguments {
    /// Positional index (or `usize::MAX` for keyword-only) and keyword name, per argument.
    These(&'static [(usize, &'static str)]),
    /// Every argument.
    All,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Sink {
    pub class: SinkClass,
    pub arguments: Arguments,
    pub condition: Condition,
}

const fn sink(class: SinkClass, arguments: &'static [(usize, &'static str)]) -> Sink {
    Sink {
        class,
        arguments: Arguments::These(arguments),
        condition: Condition::Always,
    }
}

const fn sink_if(
    class: SinkClass,
    arguments: &'static [(usize, &'static str)],
    condition: Condition,
) -> Sink {
    Sink {
        class,
        arguments: Arguments::These(arguments),
        condition,
    }
}

const KW: usize = usize::MAX;

/// Sinks called by qualified name.
pub(crate) fn sink_call(name: &str) -> Option<Sink> {
    use SinkClass::{
        CodeEval, Command, Deserialization, Import, Path, Redirect, Sql, Template, Url,
    };
    Some(match name {
        // Deserialization (B301, B302, B506, B614 and the DSZ rules)
        "pickle.loads"
        | "pickle.load"
        | "pickle.Unpickler"
        | "cPickle.loads"
        | "cPickle.load"
        | "cPickle.Unpickler"
        | "_pickle.loads"
        | "_pickle.load"
        | "_pickle.Unpickler"
        | "dill.loads"
        | "dill.load"
        | "dill.Unpickler"
        | "dill._dill.loads"
        | "dill._dill.load"
        | "cloudpickle.loads"
        | "cloudpickle.load"
        | "jsonpickle.decode"
        | "jsonpickle.unpickler.decode"
        | "shelve.open"
        | "pandas.read_pickle"
        | "marshal.loads"
        | "marshal.load"
        | "joblib.load"
        | "yaml.unsafe_load"
        | "yaml.unsafe_load_all"
        | "yaml.full_load"
        | "yaml.full_load_all" => sink(
            Deserialization,
            &[(0, "data"), (KW, "file"), (KW, "s"), (KW, "string")],
        ),
        "yaml.load" | "yaml.load_all" => {
            sink_if(Deserialization, &[(0, "stream")], Condition::YamlLoader)
        }
        "ruamel.yaml.load" | "ruamel.yaml.load_all" => {
            sink_if(Deserialization, &[(0, "stream")], Condition::RuamelLoader)
        }
        "torch.load" | "torch.serialization.load" => {
            sink_if(Deserialization, &[(0, "f")], Condition::TorchWeightsOnly)
        }
        "numpy.load" => sink_if(Deserialization, &[(0, "file")], Condition::NumpyAllowPickle),
        "keras.models.load_model"
        | "keras.saving.load_model"
        | "tf_keras.models.load_model"
        | "tensorflow.keras.models.load_model"
        | "tensorflow.keras.saving.load_model" => {
            sink_if(Deserialization, &[(0, "filepath")], Condition::KerasUnsafe)
        }
        "transformers.pipeline" | "transformers.pipelines.pipeline" => {
            sink_if(Deserialization, &[(1, "model")], Condition::TrustRemoteCode)
        }
        "datasets.load_dataset" => {
            sink_if(Deserialization, &[(0, "path")], Condition::TrustRemoteCode)
        }
        // Commands (B602-B607)
        "os.system"
        | "os.popen"
        | "os.popen2"
        | "os.popen3"
        | "os.popen4"
        | "popen2.popen2"
        | "popen2.popen3"
        | "popen2.popen4"
        | "popen2.Popen3"
        | "popen2.Popen4"
        | "commands.getoutput"
        | "commands.getstatusoutput"
        | "subprocess.getoutput"
        | "subprocess.getstatusoutput"
        | "asyncio.create_subprocess_shell" => sink(Command, &[(0, "command"), (KW, "cmd")]),
        "subprocess.Popen"
        | "subprocess.call"
        | "subprocess.check_call"
        | "subprocess.check_output"
        | "subprocess.run" => sink_if(Command, &[(0, "args")], Condition::Subprocess),
        "os.execl" | "os.execle" | "os.execlp" | "os.execlpe" | "os.execv" | "os.execve"
        | "os.execvp" | "os.execvpe" | "os.posix_spawn" | "os.posix_spawnp" | "os.startfile" => {
            sink_if(Command, &[(0, "path"), (KW, "file")], Condition::Argv0)
        }
        "os.spawnl" | "os.spawnle" | "os.spawnlp" | "os.spawnlpe" | "os.spawnv" | "os.spawnve"
        | "os.spawnvp" | "os.spawnvpe" => {
            sink_if(Command, &[(1, "path"), (KW, "file")], Condition::Argv0)
        }
        "asyncio.create_subprocess_exec" => sink_if(Command, &[(0, "program")], Condition::Argv0),
        "pty.spawn" => sink_if(Command, &[(0, "argv")], Condition::Argv0),
        // Code evaluation (B102, B307)
        "eval" | "exec" | "compile" | "builtins.eval" | "builtins.exec" | "builtins.compile" => {
            sink(CodeEval, &[(0, "source"), (KW, "object")])
        }
        // SQL (B608, B610, B611)
        "sqlalchemy.text" | "sqlalchemy.sql.text" | "sqlalchemy.sql.expression.text" => {
            sink(Sql, &[(0, "text")])
        }
        "django.db.models.RawSQL" | "django.db.models.expressions.RawSQL" => {
            sink(Sql, &[(0, "sql")])
        }
        "pandas.read_sql" | "pandas.read_sql_query" => sink(Sql, &[(0, "sql")]),
        // Templates (SSTI)
        "flask.render_template_string" | "flask.templating.render_template_string" => {
            sink(Template, &[(0, "source")])
        }
        "jinja2.Template" | "jinja2.environment.Template" => sink(Template, &[(0, "source")]),
        "django.template.Template" | "django.template.base.Template" => {
            sink(Template, &[(0, "template_string")])
        }
        "mako.template.Template" => sink(Template, &[(0, "text")]),
        // Paths
        "open" | "builtins.open" | "io.open" | "codecs.open" | "aiofiles.open" => {
            sink(Path, &[(0, "file"), (KW, "filename")])
        }
        "os.open"
        | "os.remove"
        | "os.unlink"
        | "os.rmdir"
        | "os.removedirs"
        | "os.makedirs"
        | "os.mkdir"
        | "os.listdir"
        | "os.scandir"
        | "os.chmod"
        | "os.chown"
        | "os.truncate"
        | "shutil.rmtree"
        | "starlette.responses.FileResponse"
        | "fastapi.responses.FileResponse"
        | "aiohttp.web.FileResponse"
        | "aiohttp.web_fileresponse.FileResponse" => sink(Path, &[(0, "path")]),
        "os.rename" | "os.replace" | "os.renames" | "os.link" | "os.symlink" | "shutil.copy"
        | "shutil.copy2" | "shutil.copyfile" | "shutil.copytree" | "shutil.move" => {
            sink(Path, &[(0, "src"), (1, "dst")])
        }
        "flask.send_file" | "flask.helpers.send_file" => sink(Path, &[(0, "path_or_file")]),
        "flask.send_from_directory" | "flask.helpers.send_from_directory" => {
            sink(Path, &[(0, "directory")])
        }
        // Outgoing requests (SSRF)
        "requests.get"
        | "requests.post"
        | "requests.put"
        | "requests.patch"
        | "requests.delete"
        | "requests.head"
        | "requests.options"
        | "requests.api.get"
        | "requests.api.post"
        | "requests.api.put"
        | "requests.api.patch"
        | "requests.api.delete"
        | "requests.api.head"
        | "requests.api.options"
        | "httpx.get"
        | "httpx.post"
        | "httpx.put"
        | "httpx.patch"
        | "httpx.delete"
        | "httpx.head"
        | "httpx.options"
        | "urllib.request.urlopen"
        | "urllib.request.urlretrieve"
        | "six.moves.urllib.request.urlopen" => sink(Url, &[(0, "url")]),
        "requests.request"
        | "requests.api.request"
        | "httpx.request"
        | "httpx.stream"
        | "urllib3.request"
        | "aiohttp.request" => sink(Url, &[(1, "url")]),
        "http.client.HTTPConnection" | "http.client.HTTPSConnection" => sink(Url, &[(0, "host")]),
        // Redirects
        "flask.redirect" | "flask.helpers.redirect" | "werkzeug.utils.redirect" => {
            sink(Redirect, &[(0, "location")])
        }
        "django.shortcuts.redirect" => sink(Redirect, &[(0, "to")]),
        "django.http.HttpResponseRedirect"
        | "django.http.HttpResponsePermanentRedirect"
        | "django.http.response.HttpResponseRedirect"
        | "django.http.response.HttpResponsePermanentRedirect" => {
            sink(Redirect, &[(0, "redirect_to")])
        }
        "starlette.responses.RedirectResponse" | "fastapi.responses.RedirectResponse" => {
            sink(Redirect, &[(0, "url")])
        }
        "aiohttp.web.HTTPFound"
        | "aiohttp.web.HTTPSeeOther"
        | "aiohttp.web.HTTPMovedPermanently"
        | "aiohttp.web.HTTPTemporaryRedirect"
        | "aiohttp.web.HTTPPermanentRedirect"
        | "aiohttp.web_exceptions.HTTPFound"
        | "aiohttp.web_exceptions.HTTPSeeOther"
        | "aiohttp.web_exceptions.HTTPMovedPermanently"
        | "aiohttp.web_exceptions.HTTPTemporaryRedirect"
        | "aiohttp.web_exceptions.HTTPPermanentRedirect" => sink(Redirect, &[(0, "location")]),
        // Imports
        "importlib.import_module"
        | "importlib.__import__"
        | "__import__"
        | "builtins.__import__" => sink(Import, &[(0, "name")]),
        _ => return None,
    })
}

/// Sinks called as methods, by method name (the receiver is not resolvable: a cursor, a
/// queryset, an environment, a client).
pub(crate) fn sink_method(
    method: &str,
    receiver: Option<ObjectKind>,
    imports_asyncpg: bool,
) -> Option<Sink> {
    use SinkClass::{Deserialization, Sql, Template, Url};
    const SQL_ARGS: &[(usize, &str)] = &[
        (0, "sql"),
        (KW, "query"),
        (KW, "operation"),
        (KW, "statement"),
    ];
    Some(match method {
        "execute" | "executemany" | "executescript" => sink(Sql, SQL_ARGS),
        "raw" => sink(Sql, &[(0, "raw_query")]),
        "extra" => Sink {
            class: Sql,
            arguments: Arguments::All,
            condition: Condition::Always,
        },
        "fetch" | "fetchrow" | "fetchval" if imports_asyncpg => sink(Sql, SQL_ARGS),
        "from_string" if receiver != Some(ObjectKind::SandboxedEnvironment) => {
            sink(Template, &[(0, "source")])
        }
        "from_pretrained" => sink_if(
            Deserialization,
            &[(0, "pretrained_model_name_or_path")],
            Condition::TrustRemoteCode,
        ),
        "load" | "load_all" if receiver == Some(ObjectKind::UnsafeYaml) => {
            sink(Deserialization, &[(0, "stream")])
        }
        "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "ws_connect"
            if receiver == Some(ObjectKind::HttpClient) =>
        {
            sink(Url, &[(0, "url")])
        }
        "request" | "stream" | "urlopen" if receiver == Some(ObjectKind::HttpClient) => {
            sink(Url, &[(1, "url")])
        }
        _ => return None,
    })
}

/// Methods of a `pathlib.Path` that touch the file the path names.
pub(crate) fn is_path_file_method(method: &str) -> bool {
    matches!(
        method,
        "open"
            | "read_text"
            | "read_bytes"
            | "write_text"
            | "write_bytes"
            | "unlink"
            | "rmdir"
            | "mkdir"
            | "touch"
            | "rename"
            | "replace"
            | "iterdir"
            | "symlink_to"
            | "chmod"
    )
}

/// Redirect/URL guard functions (`if url_has_allowed_host_and_scheme(url, …):`), by the last
/// segment of their name so that a project's own `is_safe_url` counts too.
pub(crate) fn is_url_guard(last_segment: &str) -> bool {
    matches!(
        last_segment,
        "url_has_allowed_host_and_scheme"
            | "is_safe_url"
            | "is_safe_redirect_url"
            | "is_safe_redirect"
    )
}

/// Loader classes of PyYAML/ruamel that only build plain data.
pub(crate) fn is_safe_yaml_loader(name: &str) -> bool {
    matches!(
        name,
        "yaml.SafeLoader"
            | "yaml.CSafeLoader"
            | "yaml.BaseLoader"
            | "yaml.CBaseLoader"
            | "yaml.loader.SafeLoader"
            | "yaml.loader.BaseLoader"
            | "yaml.cyaml.CSafeLoader"
            | "yaml.cyaml.CBaseLoader"
            | "ruamel.yaml.SafeLoader"
            | "ruamel.yaml.CSafeLoader"
            | "ruamel.yaml.BaseLoader"
            | "ruamel.yaml.loader.SafeLoader"
    )
}
