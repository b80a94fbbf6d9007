//! Verdicts for imported callables: an exact-match allowlist decides, a denylist explains.
//!
//! A pickle can only call what it imports (GLOBAL, INST, STACK_GLOBAL), and importing alone
//! runs module code. So each imported `module.name` gets one verdict:
//!
//! - **safe**: listed exactly below (or in the user's `allow`): plain data types, tensor and
//!   array rebuild functions, and the classes that model files legitimately hold;
//! - **dangerous**: on the denylist, which only chooses the message and the severity
//!   (execution, shells, files, network, import machinery, indirection, nested pickles…);
//! - **unknown**: everything else. A new gadget is unknown, never silently safe.
//!
//! Names are matched exactly: `os.path.join` is not `os.path`, and `numpy` +
//! `core._internal.sys.modules` (an attribute walk) is not `numpy.core.multiarray._reconstruct`.
//! Protocol 0–2 names go through Python's `_compat_pickle` mapping first (`__builtin__` →
//! `builtins`, `copy_reg` → `copyreg`), as the unpickler does.

use std::collections::HashSet;

use sg_diagnostics::Severity;

/// The verdict on one imported callable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Safe,
    Unknown,
    Dangerous,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Safe => "safe",
            Verdict::Unknown => "unknown",
            Verdict::Dangerous => "dangerous",
        }
    }
}

/// What a dangerous callable can do; chooses the message and the severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Danger {
    CodeExecution,
    Shell,
    ImportMachinery,
    Indirection,
    NestedDeserialization,
    Debugger,
    PackageInstaller,
    ProcessControl,
    FileAccess,
    Network,
    AttributeWalk,
}

impl Danger {
    pub fn describe(self) -> &'static str {
        match self {
            Danger::CodeExecution => "runs arbitrary Python code",
            Danger::Shell => "runs shell commands",
            Danger::ImportMachinery => "imports modules or builds code objects",
            Danger::Indirection => {
                "turns data into a callable (getattr/operator/functools indirection)"
            }
            Danger::NestedDeserialization => "deserializes a nested payload",
            Danger::Debugger => "runs code through a profiler, debugger or interpreter",
            Danger::PackageInstaller => "installs packages or runs their setup code",
            Danger::ProcessControl => "starts processes or threads, or registers exit hooks",
            Danger::FileAccess => "reads, writes or deletes files",
            Danger::Network => "opens network connections",
            Danger::AttributeWalk => "walks attributes into a dangerous module",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Danger::FileAccess | Danger::Network => Severity::High,
            _ => Severity::Critical,
        }
    }
}

/// A classified global.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    pub verdict: Verdict,
    pub danger: Option<Danger>,
}

impl Classification {
    const SAFE: Classification = Classification {
        verdict: Verdict::Safe,
        danger: None,
    };
    const UNKNOWN: Classification = Classification {
        verdict: Verdict::Unknown,
        danger: None,
    };
    fn dangerous(danger: Danger) -> Classification {
        Classification {
            verdict: Verdict::Dangerous,
            danger: Some(danger),
        }
    }
}

/// The allowlist of one scan: the built-in entries plus the user's `allow`.
#[derive(Debug, Default)]
pub(crate) struct Classifier {
    /// `module.name` entries from the user's `allow`.
    user_dotted: HashSet<String>,
    /// `module:name` entries from the user's `allow` (exact split).
    user_pairs: HashSet<(String, String)>,
}

impl Classifier {
    pub(crate) fn new(allow: &[String]) -> Self {
        let mut classifier = Classifier::default();
        for entry in allow {
            let entry = entry.trim();
            if let Some((module, name)) = entry.split_once(':') {
                classifier
                    .user_pairs
                    .insert((module.to_string(), name.to_string()));
            } else {
                classifier.user_dotted.insert(entry.to_string());
            }
        }
        classifier
    }

    /// Classifies `module.name` as the unpickler resolves it under protocol `proto`.
    pub(crate) fn classify(&self, module: &str, name: &str, proto: u8) -> Classification {
        let (module, name) = if proto < 3 {
            compat_mapping(module, name)
        } else {
            (module, name)
        };
        if self
            .user_pairs
            .contains(&(module.to_string(), name.to_string()))
            || self.user_dotted.contains(&format!("{module}.{name}"))
        {
            return Classification::SAFE;
        }
        if is_allowlisted(module, name) {
            return Classification::SAFE;
        }
        if let Some(danger) = denylisted(module, name) {
            return Classification::dangerous(danger);
        }
        Classification::UNKNOWN
    }
}

/// Python's `_compat_pickle` renames for protocol 0–2 pickles written by Python 2 (the
/// entries that matter for a verdict).
fn compat_mapping<'a>(module: &'a str, name: &'a str) -> (&'a str, &'a str) {
    match (module, name) {
        ("__builtin__", "xrange") => return ("builtins", "range"),
        ("__builtin__", "reduce") => return ("functools", "reduce"),
        ("__builtin__", "intern") => return ("sys", "intern"),
        ("__builtin__", "unichr") => return ("builtins", "chr"),
        ("__builtin__", "unicode" | "basestring") => return ("builtins", "str"),
        ("__builtin__", "long") => return ("builtins", "int"),
        ("itertools", "izip") => return ("builtins", "zip"),
        ("itertools", "imap") => return ("builtins", "map"),
        ("itertools", "ifilter") => return ("builtins", "filter"),
        ("UserDict", "UserDict" | "IterableUserDict") => return ("collections", "UserDict"),
        ("UserList", "UserList") => return ("collections", "UserList"),
        ("UserString", "UserString") => return ("collections", "UserString"),
        ("whichdb", "whichdb") => return ("dbm", "whichdb"),
        _ => {}
    }
    let module = match module {
        "__builtin__" | "exceptions" => "builtins",
        "copy_reg" => "copyreg",
        "cPickle" => "pickle",
        "cStringIO" | "StringIO" => "io",
        "commands" => "subprocess",
        "urllib2" => "urllib.request",
        "urlparse" => "urllib.parse",
        "httplib" => "http.client",
        "thread" => "_thread",
        "Queue" => "queue",
        "SocketServer" => "socketserver",
        "ConfigParser" => "configparser",
        "repr" => "reprlib",
        "cookielib" => "http.cookiejar",
        "BaseHTTPServer" | "SimpleHTTPServer" | "CGIHTTPServer" => "http.server",
        "xmlrpclib" => "xmlrpc.client",
        "anydbm" => "dbm",
        "dbhash" => "dbm.bsd",
        "dumbdbm" => "dbm.dumb",
        "gdbm" => "dbm.gnu",
        "_winreg" => "winreg",
        other => other,
    };
    (module, name)
}

/// The built-in allowlist. Every entry is an exact `(module, name)` pair; a callable is only
/// here if calling it with attacker-chosen arguments is harmless.
pub(crate) fn is_allowlisted(module: &str, name: &str) -> bool {
    // TorchScript archives name their classes `__torch__.…`; no Python module has that name,
    // so `pickle.load` cannot import them and `torch.jit.load` resolves them without Python.
    if module == "__torch__" || module.starts_with("__torch__.") {
        return true;
    }
    matches!(
        (module, name),
        (
            "builtins",
            "set"
                | "frozenset"
                | "bytearray"
                | "bytes"
                | "complex"
                | "slice"
                | "range"
                | "list"
                | "dict"
                | "tuple"
                | "int"
                | "float"
                | "bool"
                | "str"
                | "object"
                | "Ellipsis"
                | "NotImplemented"
        ) | ("copyreg", "_reconstructor" | "__newobj__" | "__newobj_ex__")
            | ("_codecs", "encode")
            | (
                "collections",
                "OrderedDict" | "defaultdict" | "Counter" | "deque"
            )
            | (
                "datetime",
                "datetime" | "date" | "time" | "timedelta" | "timezone"
            )
            | ("decimal", "Decimal")
            | ("fractions", "Fraction")
            | ("uuid", "UUID" | "SafeUUID")
            | ("random", "Random")
            // Hyper-parameter containers in training checkpoints (Lightning, fairseq).
            | ("argparse", "Namespace")
            | ("types", "SimpleNamespace")
            | ("pathlib", "PosixPath" | "WindowsPath" | "PurePosixPath" | "PureWindowsPath")
            // torch: the names `torch.save` writes for tensors, parameters and storages.
            | (
                "torch._utils",
                "_rebuild_tensor"
                    | "_rebuild_tensor_v2"
                    | "_rebuild_tensor_v3"
                    | "_rebuild_parameter"
                    | "_rebuild_parameter_with_state"
                    | "_rebuild_sparse_tensor"
                    | "_rebuild_nested_tensor"
                    | "_rebuild_device_tensor_from_numpy"
                    | "_rebuild_meta_tensor_no_storage"
                    | "_rebuild_wrapper_subclass"
                    | "_rebuild_qtensor"
                    | "_rebuild_xla_tensor"
                    | "_rebuild_mtia_tensor"
            )
            | ("torch._tensor", "_rebuild_from_type" | "_rebuild_from_type_v2")
            | ("torch.nn.parameter", "Parameter" | "Buffer")
            | ("torch.storage", "UntypedStorage" | "TypedStorage" | "_load_from_bytes")
            | (
                "torch",
                "Size"
                    | "Tensor"
                    | "device"
                    | "dtype"
                    | "layout"
                    | "memory_format"
                    | "strided"
                    | "sparse_coo"
                    | "sparse_csr"
                    | "sparse_csc"
                    | "sparse_bsr"
                    | "sparse_bsc"
                    | "_mkldnn"
                    | "contiguous_format"
                    | "channels_last"
                    | "channels_last_3d"
                    | "preserve_format"
                    | "per_tensor_affine"
                    | "per_channel_affine"
                    | "per_tensor_symmetric"
                    | "per_channel_symmetric"
                    | "per_channel_affine_float_qparams"
                    | "float16"
                    | "float32"
                    | "float64"
                    | "bfloat16"
                    | "half"
                    | "float"
                    | "double"
                    | "complex32"
                    | "complex64"
                    | "complex128"
                    | "cfloat"
                    | "cdouble"
                    | "uint8"
                    | "uint16"
                    | "uint32"
                    | "uint64"
                    | "int8"
                    | "int16"
                    | "int32"
                    | "int64"
                    | "short"
                    | "int"
                    | "long"
                    | "bool"
                    | "qint8"
                    | "quint8"
                    | "qint32"
                    | "quint4x2"
                    | "quint2x4"
                    | "float8_e4m3fn"
                    | "float8_e5m2"
                    | "float8_e4m3fnuz"
                    | "float8_e5m2fnuz"
                    | "FloatStorage"
                    | "DoubleStorage"
                    | "HalfStorage"
                    | "BFloat16Storage"
                    | "LongStorage"
                    | "IntStorage"
                    | "ShortStorage"
                    | "CharStorage"
                    | "ByteStorage"
                    | "BoolStorage"
                    | "ComplexFloatStorage"
                    | "ComplexDoubleStorage"
                    | "QUInt8Storage"
                    | "QInt8Storage"
                    | "QInt32Storage"
                    | "QUInt4x2Storage"
                    | "QUInt2x4Storage"
                    | "UntypedStorage"
            )
            // numpy: arrays, dtypes, scalars and random-state constructors, numpy 1 and 2.
            | (
                "numpy.core.multiarray" | "numpy._core.multiarray",
                "_reconstruct" | "scalar"
            )
            | ("numpy.core.numeric" | "numpy._core.numeric", "_frombuffer")
            | ("numpy", "ndarray" | "dtype")
            | (
                "numpy.random._pickle",
                "__randomstate_ctor" | "__generator_ctor" | "__bit_generator_ctor"
            )
            | ("numpy.random.mtrand", "RandomState")
            | ("numpy.random._mt19937", "MT19937")
            | ("numpy.random._pcg64", "PCG64")
            | ("numpy.random._generator", "Generator")
            // joblib: the wrapper `joblib.dump` writes in place of each array.
            | ("joblib.numpy_pickle", "NumpyArrayWrapper")
            // scikit-learn: common estimators and the objects they hold. Instances are made with
            // `copyreg._reconstructor` and restored with BUILD; no user code runs.
            | ("sklearn.linear_model._logistic", "LogisticRegression")
            | ("sklearn.linear_model._base", "LinearRegression")
            | ("sklearn.linear_model._ridge", "Ridge" | "RidgeClassifier")
            | ("sklearn.linear_model._coordinate_descent", "Lasso" | "ElasticNet")
            | ("sklearn.linear_model._stochastic_gradient", "SGDClassifier" | "SGDRegressor")
            | (
                "sklearn.ensemble._forest",
                "RandomForestClassifier"
                    | "RandomForestRegressor"
                    | "ExtraTreesClassifier"
                    | "ExtraTreesRegressor"
            )
            | (
                "sklearn.ensemble._gb",
                "GradientBoostingClassifier" | "GradientBoostingRegressor"
            )
            | (
                "sklearn.tree._classes",
                "DecisionTreeClassifier"
                    | "DecisionTreeRegressor"
                    | "ExtraTreeClassifier"
                    | "ExtraTreeRegressor"
            )
            | ("sklearn.tree._tree", "Tree")
            | ("sklearn.svm._classes", "SVC" | "SVR" | "LinearSVC" | "LinearSVR")
            | ("sklearn.neighbors._classification", "KNeighborsClassifier")
            | ("sklearn.neighbors._regression", "KNeighborsRegressor")
            | ("sklearn.naive_bayes", "GaussianNB" | "MultinomialNB" | "BernoulliNB")
            | ("sklearn.cluster._kmeans", "KMeans" | "MiniBatchKMeans")
            | ("sklearn.decomposition._pca", "PCA")
            | ("sklearn.decomposition._truncated_svd", "TruncatedSVD")
            | (
                "sklearn.preprocessing._data",
                "StandardScaler" | "MinMaxScaler" | "RobustScaler" | "MaxAbsScaler"
            )
            | ("sklearn.preprocessing._label", "LabelEncoder" | "LabelBinarizer")
            | ("sklearn.preprocessing._encoders", "OneHotEncoder" | "OrdinalEncoder")
            | ("sklearn.impute._base", "SimpleImputer")
            | ("sklearn.pipeline", "Pipeline" | "FeatureUnion")
            | ("sklearn.compose._column_transformer", "ColumnTransformer")
            | (
                "sklearn.feature_extraction.text",
                "CountVectorizer" | "TfidfVectorizer" | "TfidfTransformer"
            )
    )
}

/// Module families that are dangerous as a whole (the module or any submodule).
fn dangerous_module(module: &str) -> Option<Danger> {
    let root = module.split('.').next().unwrap_or(module);
    let danger = match root {
        "os" | "posix" | "nt" | "subprocess" | "pty" | "commands" | "popen2"
        | "_posixsubprocess" | "_osx_support" | "_aix_support" => Danger::Shell,
        "sys" | "importlib" | "imp" | "pkgutil" | "runpy" | "zipimport" | "marshal" | "types"
        | "ctypes" | "_ctypes" | "cffi" | "inspect" | "gc" => Danger::ImportMachinery,
        "operator" | "_operator" | "functools" => Danger::Indirection,
        "pickle" | "_pickle" | "cPickle" | "dill" | "cloudpickle" | "shelve" | "jsonpickle"
        | "pickletools" | "copy" => Danger::NestedDeserialization,
        "pdb" | "bdb" | "cProfile" | "profile" | "_lsprof" | "trace" | "timeit" | "code"
        | "codeop" | "pydoc" | "idlelib" | "lib2to3" | "_pyrepl" | "doctest" | "IPython" => {
            Danger::Debugger
        }
        "pip" | "ensurepip" | "venv" | "setuptools" | "distutils" | "_distutils_hack" => {
            Danger::PackageInstaller
        }
        "multiprocessing" | "threading" | "_thread" | "concurrent" | "signal" | "atexit"
        | "asyncio" => Danger::ProcessControl,
        "shutil" | "tempfile" | "io" | "_io" | "fileinput" | "glob" | "zipfile" | "tarfile"
        | "logging" | "sqlite3" | "dbm" => Danger::FileAccess,
        "socket" | "_socket" | "ssl" | "http" | "urllib" | "urllib2" | "urllib3" | "httplib"
        | "requests" | "aiohttp" | "httpx" | "ftplib" | "smtplib" | "telnetlib" | "imaplib"
        | "poplib" | "nntplib" | "xmlrpc" | "webbrowser" | "socketserver" => Danger::Network,
        _ => return None,
    };
    Some(danger)
}

/// Attribute names that lead out of any module into interpreter internals.
fn dangerous_segment(segment: &str) -> bool {
    matches!(
        segment,
        "os" | "sys"
            | "subprocess"
            | "builtins"
            | "__builtins__"
            | "__builtin__"
            | "__import__"
            | "__globals__"
            | "__subclasses__"
            | "__class__"
            | "__base__"
            | "__bases__"
            | "__mro__"
            | "__dict__"
            | "__code__"
            | "__getattribute__"
            | "__reduce__"
            | "__reduce_ex__"
            | "__loader__"
            | "__spec__"
            | "modules"
            | "eval"
            | "exec"
            | "system"
            | "popen"
    )
}

/// The denylist. Only the message and severity depend on it: anything not allowlisted is at
/// least unknown.
// Arms are grouped by library for reading, not merged by danger.
#[allow(clippy::match_same_arms)]
fn denylisted(module: &str, name: &str) -> Option<Danger> {
    let specific = match (module, name) {
        (
            "builtins",
            "eval" | "exec" | "compile" | "execfile" | "input" | "breakpoint" | "help" | "apply",
        ) => Some(Danger::CodeExecution),
        ("builtins", "__import__" | "globals" | "locals" | "vars" | "memoryview") => {
            Some(Danger::ImportMachinery)
        }
        (
            "builtins",
            "getattr" | "setattr" | "delattr" | "type" | "classmethod" | "staticmethod"
            | "property" | "super",
        ) => Some(Danger::Indirection),
        ("builtins", "open" | "file") => Some(Danger::FileAccess),
        ("builtins", "map" | "filter" | "zip" | "iter" | "next" | "sorted" | "min" | "max") => {
            Some(Danger::Indirection)
        }
        ("numpy", "load" | "loads" | "fromfile" | "save" | "savez" | "tofile") => {
            Some(Danger::NestedDeserialization)
        }
        ("joblib" | "joblib.numpy_pickle", "load") => Some(Danger::NestedDeserialization),
        ("torch" | "torch.jit", "load") | ("torch.serialization" | "torch.package", _) => {
            Some(Danger::NestedDeserialization)
        }
        ("torch.hub", _) => Some(Danger::Network),
        ("torch._inductor.codecache" | "torch.utils.cpp_extension", _) => {
            Some(Danger::CodeExecution)
        }
        ("torch.utils.collect_env", _) => Some(Danger::Shell),
        ("torch._dynamo" | "torch.fx", _) => Some(Danger::CodeExecution),
        ("pandas", "read_pickle") | ("pandas.io.pickle", _) => Some(Danger::NestedDeserialization),
        ("yaml", "load" | "unsafe_load" | "full_load" | "load_all" | "unsafe_load_all") => {
            Some(Danger::NestedDeserialization)
        }
        ("uuid", n) if n != "UUID" && n != "SafeUUID" => Some(Danger::Shell),
        ("platform", "popen" | "system" | "_syscmd_ver" | "_syscmd_file" | "architecture") => {
            Some(Danger::Shell)
        }
        (
            "numpy.f2py" | "numpy.testing._private.utils" | "numpy.distutils" | "numpy.ctypeslib",
            _,
        ) => Some(Danger::CodeExecution),
        _ => None,
    };
    if specific.is_some() {
        return specific;
    }
    if let Some(danger) = dangerous_module(module) {
        return Some(danger);
    }
    if module.starts_with("numpy.f2py")
        || module.starts_with("numpy.testing")
        || module.starts_with("numpy.distutils")
        || module.starts_with("torch._inductor")
        || module.starts_with("torch.utils.cpp_extension")
    {
        return Some(Danger::CodeExecution);
    }
    // An attribute walk (`posixpath` + `os.system`, `numpy` + `core._internal.sys.modules`)
    // that passes through a dangerous name reaches anything.
    let mut segments = module.split('.').skip(1).chain(name.split('.'));
    if segments.any(dangerous_segment) {
        return Some(Danger::AttributeWalk);
    }
    let name_root = name.split('.').next().unwrap_or(name);
    if name.contains('.') && dangerous_module(name_root).is_some() {
        return Some(Danger::AttributeWalk);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(module: &str, name: &str) -> Verdict {
        Classifier::new(&[]).classify(module, name, 4).verdict
    }

    #[test]
    fn exact_matches_only() {
        assert_eq!(verdict("collections", "OrderedDict"), Verdict::Safe);
        assert_eq!(verdict("torch._utils", "_rebuild_tensor_v2"), Verdict::Safe);
        assert_eq!(
            verdict("torch._utils", "_rebuild_tensor_v2.x"),
            Verdict::Unknown
        );
        assert_eq!(verdict("os.path", "join"), Verdict::Dangerous);
        assert_eq!(verdict("posixpath", "os.system"), Verdict::Dangerous);
        assert_eq!(
            verdict("numpy", "core._internal.sys.modules"),
            Verdict::Dangerous
        );
        assert_eq!(verdict("asyncio.unix_events", "x"), Verdict::Dangerous);
        assert_eq!(verdict("mypkg.models", "Net"), Verdict::Unknown);
        assert_eq!(verdict("pkgutil", "resolve_name"), Verdict::Dangerous);
        assert_eq!(verdict("pip", "main"), Verdict::Dangerous);
    }

    #[test]
    fn compat_mapping_applies_below_protocol_3() {
        let classifier = Classifier::new(&[]);
        assert_eq!(
            classifier.classify("__builtin__", "set", 2).verdict,
            Verdict::Safe
        );
        assert_eq!(
            classifier.classify("__builtin__", "eval", 0).danger,
            Some(Danger::CodeExecution)
        );
        assert_eq!(
            classifier.classify("copy_reg", "_reconstructor", 2).verdict,
            Verdict::Safe
        );
    }

    #[test]
    fn user_allow_entries() {
        let classifier = Classifier::new(&[
            "mypkg.models.Net".to_string(),
            "mypkg.layers:Block.Inner".to_string(),
        ]);
        assert_eq!(
            classifier.classify("mypkg.models", "Net", 4).verdict,
            Verdict::Safe
        );
        assert_eq!(
            classifier
                .classify("mypkg.layers", "Block.Inner", 4)
                .verdict,
            Verdict::Safe
        );
        assert_eq!(
            classifier
                .classify("mypkg", "layers.Block.Inner", 4)
                .verdict,
            Verdict::Unknown
        );
    }
}
