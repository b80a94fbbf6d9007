//! The pickle opcode table: every opcode of CPython's `pickletools`, protocols 0–5.
//!
//! # Grammar
//!
//! A pickle stream is a sequence of opcodes; it ends at the first `STOP` (`.`). Each opcode is
//! one byte followed by an argument whose shape depends on the opcode:
//!
//! ```text
//! stream      := opcode* STOP
//! opcode      := code:u8 argument
//! argument    := ε
//!              | uint1 | uint2 | int4 | uint4 | uint8          (little-endian)
//!              | float8                                       (big-endian IEEE 754)
//!              | decimalnl_short | decimalnl_long | floatnl   ASCII text up to '\n'
//!              | stringnl            Python repr of a byte string ('…' or "…") up to '\n'
//!              | stringnl_noescape   raw UTF-8 text up to '\n'
//!              | stringnl_noescape_pair   two such lines: module '\n' name '\n'
//!              | unicodestringnl     raw-unicode-escape text up to '\n'
//!              | string1 | bytes1 | unicodestring1     uint1 length, then the bytes
//!              | string4            int4 length (negative is an error), then the bytes
//!              | bytes4 | unicodestring4                uint4 length, then the bytes
//!              | bytes8 | unicodestring8 | bytearray8   uint8 length, then the bytes
//!              | long1               uint1 length n, then n bytes of two's complement
//!              | long4               int4 length n, then n bytes of two's complement
//! ```
//!
//! `FRAME` (protocol 4) carries a uint8 length: the next that many bytes form one frame. It
//! only groups bytes for buffered reading; its length must not point past the end.

/// How an opcode's argument is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgKind {
    None,
    Uint1,
    Uint2,
    Int4,
    Uint4,
    Uint8,
    Float8,
    DecimalShort,
    DecimalLong,
    FloatNl,
    StringNl,
    StringNlNoEscape,
    StringNlNoEscapePair,
    UnicodeStringNl,
    String1,
    String4,
    Bytes1,
    Bytes4,
    Bytes8,
    ByteArray8,
    UnicodeString1,
    UnicodeString4,
    UnicodeString8,
    Long1,
    Long4,
}

/// Every opcode, named as in `pickletools`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub(crate) enum Op {
    MARK,
    STOP,
    POP,
    POP_MARK,
    DUP,
    FLOAT,
    INT,
    BININT,
    BININT1,
    LONG,
    BININT2,
    NONE,
    PERSID,
    BINPERSID,
    REDUCE,
    STRING,
    BINSTRING,
    SHORT_BINSTRING,
    UNICODE,
    BINUNICODE,
    APPEND,
    BUILD,
    GLOBAL,
    DICT,
    EMPTY_DICT,
    APPENDS,
    GET,
    BINGET,
    INST,
    LONG_BINGET,
    LIST,
    EMPTY_LIST,
    OBJ,
    PUT,
    BINPUT,
    LONG_BINPUT,
    SETITEM,
    TUPLE,
    EMPTY_TUPLE,
    SETITEMS,
    BINFLOAT,
    PROTO,
    NEWOBJ,
    EXT1,
    EXT2,
    EXT4,
    TUPLE1,
    TUPLE2,
    TUPLE3,
    NEWTRUE,
    NEWFALSE,
    LONG1,
    LONG4,
    BINBYTES,
    SHORT_BINBYTES,
    SHORT_BINUNICODE,
    BINUNICODE8,
    BINBYTES8,
    EMPTY_SET,
    ADDITEMS,
    FROZENSET,
    NEWOBJ_EX,
    STACK_GLOBAL,
    MEMOIZE,
    FRAME,
    BYTEARRAY8,
    NEXT_BUFFER,
    READONLY_BUFFER,
}

impl Op {
    /// The opcode for a byte, or `None` for a byte that is no opcode.
    pub(crate) fn from_byte(byte: u8) -> Option<Op> {
        use Op::{
            ADDITEMS, APPEND, APPENDS, BINBYTES, BINBYTES8, BINFLOAT, BINGET, BININT, BININT1,
            BININT2, BINPERSID, BINPUT, BINSTRING, BINUNICODE, BINUNICODE8, BUILD, BYTEARRAY8,
            DICT, DUP, EMPTY_DICT, EMPTY_LIST, EMPTY_SET, EMPTY_TUPLE, EXT1, EXT2, EXT4, FLOAT,
            FRAME, FROZENSET, GET, GLOBAL, INST, INT, LIST, LONG, LONG_BINGET, LONG_BINPUT, LONG1,
            LONG4, MARK, MEMOIZE, NEWFALSE, NEWOBJ, NEWOBJ_EX, NEWTRUE, NEXT_BUFFER, NONE, OBJ,
            PERSID, POP, POP_MARK, PROTO, PUT, READONLY_BUFFER, REDUCE, SETITEM, SETITEMS,
            SHORT_BINBYTES, SHORT_BINSTRING, SHORT_BINUNICODE, STACK_GLOBAL, STOP, STRING, TUPLE,
            TUPLE1, TUPLE2, TUPLE3, UNICODE,
        };
        Some(match byte {
            b'(' => MARK,
            b'.' => STOP,
            b'0' => POP,
            b'1' => POP_MARK,
            b'2' => DUP,
            b'F' => FLOAT,
            b'I' => INT,
            b'J' => BININT,
            b'K' => BININT1,
            b'L' => LONG,
            b'M' => BININT2,
            b'N' => NONE,
            b'P' => PERSID,
            b'Q' => BINPERSID,
            b'R' => REDUCE,
            b'S' => STRING,
            b'T' => BINSTRING,
            b'U' => SHORT_BINSTRING,
            b'V' => UNICODE,
            b'X' => BINUNICODE,
            b'a' => APPEND,
            b'b' => BUILD,
            b'c' => GLOBAL,
            b'd' => DICT,
            b'}' => EMPTY_DICT,
            b'e' => APPENDS,
            b'g' => GET,
            b'h' => BINGET,
            b'i' => INST,
            b'j' => LONG_BINGET,
            b'l' => LIST,
            b']' => EMPTY_LIST,
            b'o' => OBJ,
            b'p' => PUT,
            b'q' => BINPUT,
            b'r' => LONG_BINPUT,
            b's' => SETITEM,
            b't' => TUPLE,
            b')' => EMPTY_TUPLE,
            b'u' => SETITEMS,
            b'G' => BINFLOAT,
            0x80 => PROTO,
            0x81 => NEWOBJ,
            0x82 => EXT1,
            0x83 => EXT2,
            0x84 => EXT4,
            0x85 => TUPLE1,
            0x86 => TUPLE2,
            0x87 => TUPLE3,
            0x88 => NEWTRUE,
            0x89 => NEWFALSE,
            0x8a => LONG1,
            0x8b => LONG4,
            b'B' => BINBYTES,
            b'C' => SHORT_BINBYTES,
            0x8c => SHORT_BINUNICODE,
            0x8d => BINUNICODE8,
            0x8e => BINBYTES8,
            0x8f => EMPTY_SET,
            0x90 => ADDITEMS,
            0x91 => FROZENSET,
            0x92 => NEWOBJ_EX,
            0x93 => STACK_GLOBAL,
            0x94 => MEMOIZE,
            0x95 => FRAME,
            0x96 => BYTEARRAY8,
            0x97 => NEXT_BUFFER,
            0x98 => READONLY_BUFFER,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        use Op::{
            ADDITEMS, APPEND, APPENDS, BINBYTES, BINBYTES8, BINFLOAT, BINGET, BININT, BININT1,
            BININT2, BINPERSID, BINPUT, BINSTRING, BINUNICODE, BINUNICODE8, BUILD, BYTEARRAY8,
            DICT, DUP, EMPTY_DICT, EMPTY_LIST, EMPTY_SET, EMPTY_TUPLE, EXT1, EXT2, EXT4, FLOAT,
            FRAME, FROZENSET, GET, GLOBAL, INST, INT, LIST, LONG, LONG_BINGET, LONG_BINPUT, LONG1,
            LONG4, MARK, MEMOIZE, NEWFALSE, NEWOBJ, NEWOBJ_EX, NEWTRUE, NEXT_BUFFER, NONE, OBJ,
            PERSID, POP, POP_MARK, PROTO, PUT, READONLY_BUFFER, REDUCE, SETITEM, SETITEMS,
            SHORT_BINBYTES, SHORT_BINSTRING, SHORT_BINUNICODE, STACK_GLOBAL, STOP, STRING, TUPLE,
            TUPLE1, TUPLE2, TUPLE3, UNICODE,
        };
        match self {
            MARK => "MARK",
            STOP => "STOP",
            POP => "POP",
            POP_MARK => "POP_MARK",
            DUP => "DUP",
            FLOAT => "FLOAT",
            INT => "INT",
            BININT => "BININT",
            BININT1 => "BININT1",
            LONG => "LONG",
            BININT2 => "BININT2",
            NONE => "NONE",
            PERSID => "PERSID",
            BINPERSID => "BINPERSID",
            REDUCE => "REDUCE",
            STRING => "STRING",
            BINSTRING => "BINSTRING",
            SHORT_BINSTRING => "SHORT_BINSTRING",
            UNICODE => "UNICODE",
            BINUNICODE => "BINUNICODE",
            APPEND => "APPEND",
            BUILD => "BUILD",
            GLOBAL => "GLOBAL",
            DICT => "DICT",
            EMPTY_DICT => "EMPTY_DICT",
            APPENDS => "APPENDS",
            GET => "GET",
            BINGET => "BINGET",
            INST => "INST",
            LONG_BINGET => "LONG_BINGET",
            LIST => "LIST",
            EMPTY_LIST => "EMPTY_LIST",
            OBJ => "OBJ",
            PUT => "PUT",
            BINPUT => "BINPUT",
            LONG_BINPUT => "LONG_BINPUT",
            SETITEM => "SETITEM",
            TUPLE => "TUPLE",
            EMPTY_TUPLE => "EMPTY_TUPLE",
            SETITEMS => "SETITEMS",
            BINFLOAT => "BINFLOAT",
            PROTO => "PROTO",
            NEWOBJ => "NEWOBJ",
            EXT1 => "EXT1",
            EXT2 => "EXT2",
            EXT4 => "EXT4",
            TUPLE1 => "TUPLE1",
            TUPLE2 => "TUPLE2",
            TUPLE3 => "TUPLE3",
            NEWTRUE => "NEWTRUE",
            NEWFALSE => "NEWFALSE",
            LONG1 => "LONG1",
            LONG4 => "LONG4",
            BINBYTES => "BINBYTES",
            SHORT_BINBYTES => "SHORT_BINBYTES",
            SHORT_BINUNICODE => "SHORT_BINUNICODE",
            BINUNICODE8 => "BINUNICODE8",
            BINBYTES8 => "BINBYTES8",
            EMPTY_SET => "EMPTY_SET",
            ADDITEMS => "ADDITEMS",
            FROZENSET => "FROZENSET",
            NEWOBJ_EX => "NEWOBJ_EX",
            STACK_GLOBAL => "STACK_GLOBAL",
            MEMOIZE => "MEMOIZE",
            FRAME => "FRAME",
            BYTEARRAY8 => "BYTEARRAY8",
            NEXT_BUFFER => "NEXT_BUFFER",
            READONLY_BUFFER => "READONLY_BUFFER",
        }
    }

    pub(crate) fn arg_kind(self) -> ArgKind {
        use ArgKind as A;
        use Op::{
            BINBYTES, BINBYTES8, BINFLOAT, BINGET, BININT, BININT1, BININT2, BINPUT, BINSTRING,
            BINUNICODE, BINUNICODE8, BYTEARRAY8, EXT1, EXT2, EXT4, FLOAT, FRAME, GET, GLOBAL, INST,
            INT, LONG, LONG_BINGET, LONG_BINPUT, LONG1, LONG4, PERSID, PROTO, PUT, SHORT_BINBYTES,
            SHORT_BINSTRING, SHORT_BINUNICODE, STRING, UNICODE,
        };
        match self {
            FLOAT => A::FloatNl,
            INT | GET | PUT => A::DecimalShort,
            LONG => A::DecimalLong,
            BININT | EXT4 => A::Int4,
            BININT1 | BINGET | BINPUT | PROTO | EXT1 => A::Uint1,
            BININT2 | EXT2 => A::Uint2,
            LONG_BINGET | LONG_BINPUT => A::Uint4,
            FRAME => A::Uint8,
            BINFLOAT => A::Float8,
            PERSID => A::StringNlNoEscape,
            GLOBAL | INST => A::StringNlNoEscapePair,
            STRING => A::StringNl,
            BINSTRING => A::String4,
            SHORT_BINSTRING => A::String1,
            UNICODE => A::UnicodeStringNl,
            BINUNICODE => A::UnicodeString4,
            SHORT_BINUNICODE => A::UnicodeString1,
            BINUNICODE8 => A::UnicodeString8,
            BINBYTES => A::Bytes4,
            SHORT_BINBYTES => A::Bytes1,
            BINBYTES8 => A::Bytes8,
            BYTEARRAY8 => A::ByteArray8,
            LONG1 => A::Long1,
            LONG4 => A::Long4,
            _ => A::None,
        }
    }

    /// Whether the argument is raw bytes (lengths, binary numbers) rather than a text line.
    pub(crate) fn has_binary_argument(self) -> bool {
        !matches!(
            self.arg_kind(),
            ArgKind::None
                | ArgKind::DecimalShort
                | ArgKind::DecimalLong
                | ArgKind::FloatNl
                | ArgKind::StringNl
                | ArgKind::StringNlNoEscape
                | ArgKind::StringNlNoEscapePair
                | ArgKind::UnicodeStringNl
        )
    }

    /// How the opcode is written in a disassembly: the printable byte, or `\xNN`.
    pub(crate) fn code_repr(byte: u8) -> String {
        if byte.is_ascii_graphic() {
            (byte as char).to_string()
        } else {
            format!("\\x{byte:02x}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_68_pickletools_opcodes_with_distinct_names() {
        let ops: Vec<Op> = (0..=255u8).filter_map(Op::from_byte).collect();
        assert_eq!(ops.len(), 68);
        let mut names: Vec<&str> = ops.iter().map(|op| op.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 68);
        assert_eq!(
            ops.iter().filter(|op| !op.has_binary_argument()).count(),
            44
        );
    }
}
