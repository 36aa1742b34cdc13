//! The wasm's JSON writer: serde_json's compact output, minus k8s-openapi's timestamp code.
//!
//! k8s-openapi serialises `Time`/`MicroTime` with `jiff::fmt::strtime::format`, and every object
//! has a `metadata.creationTimestamp` that could hold one, so the whole strftime engine and
//! jiff's error messages (about 160 KB raw, 53 KB of the gzipped wasm) come along
//! although no object here ever carries a timestamp: the rack sets those, not the manifest.
//! [`to_string`] wraps serde_json's serializer so that each nested value passes through
//! [`Lean`], which refuses a timestamp with an error instead of formatting it. The refusal
//! branch is chosen per type at compile time, so for those two types the call into jiff is dead
//! code and the linker drops it. Everything else is byte for byte serde_json's output (tested
//! below on every fixture's contract).
//!
//! If the type names ever stop matching (a k8s-openapi upgrade moves them), timestamps are
//! simply formatted again by jiff: the output stays right and only the size grows back, which
//! the e2e size report shows. The same happens at `opt-level = "z"`, where LLVM keeps the name
//! comparison as a runtime check (measured: jiff is back, 339 KB gzip against 300 KB at "s"),
//! one more reason the wasm profile stays at "s" (www/wasm/Cargo.toml).

use std::any::type_name;
use std::fmt::Display;

use serde::ser::{self, Error as _, Serialize, Serializer};

/// `value` as compact JSON, like `serde_json::to_string`, except that a k8s-openapi timestamp
/// anywhere inside is an error.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(4096);
    write(&mut out, value)?;
    // serde_json writes only valid UTF-8.
    String::from_utf8(out).map_err(serde_json::Error::custom)
}

/// Appends `value` as compact JSON to `out`, like [`to_string`].
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), serde_json::Error> {
    Lean(value).serialize(&mut serde_json::Serializer::new(out))
}

/// Whether `T` is one of k8s-openapi's timestamp types (or a reference to one: a `Vec<Time>`
/// hands out `&Time`s). `type_name` is a constant per type, so this folds to `true` or `false`
/// in each instantiation.
fn is_timestamp<T: ?Sized>() -> bool {
    let name = type_name::<T>();
    name.ends_with("::apimachinery::pkg::apis::meta::v1::time::Time")
        || name.ends_with("::apimachinery::pkg::apis::meta::v1::micro_time::MicroTime")
}

/// A value on its way out: serialises through [`Wrap`] so its children are checked too.
struct Lean<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for Lean<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if is_timestamp::<T>() {
            return Err(S::Error::custom(format!("{} values are not rendered", type_name::<T>())));
        }
        self.0.serialize(Wrap(serializer))
    }
}

/// A serializer that hands every nested value to the inner one as a [`Lean`].
struct Wrap<S>(S);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method(self, $($arg: $ty),*) -> Result<S::Ok, S::Error> {
            self.0.$method($($arg),*)
        })*
    };
}

impl<S: Serializer> Serializer for Wrap<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Wrap<S::SerializeSeq>;
    type SerializeTuple = Wrap<S::SerializeTuple>;
    type SerializeTupleStruct = Wrap<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Wrap<S::SerializeTupleVariant>;
    type SerializeMap = Wrap<S::SerializeMap>;
    type SerializeStruct = Wrap<S::SerializeStruct>;
    type SerializeStructVariant = Wrap<S::SerializeStructVariant>;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Lean(value))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Lean(value))
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_variant(name, index, variant, &Lean(value))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Wrap)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Wrap)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Wrap)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0.serialize_tuple_variant(name, index, variant, len).map(Wrap)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Wrap)
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(Wrap)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0.serialize_struct_variant(name, index, variant, len).map(Wrap)
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.collect_str(value)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The compound serializers: each element, key and value goes in as a [`Lean`].
macro_rules! compound {
    ($trait:ident, $method:ident($($key:ident: $key_ty:ty),*)) => {
        impl<S: ser::$trait> ser::$trait for Wrap<S> {
            type Ok = S::Ok;
            type Error = S::Error;

            fn $method<T: Serialize + ?Sized>(&mut self, $($key: $key_ty,)* value: &T) -> Result<(), S::Error> {
                self.0.$method($($key,)* &Lean(value))
            }

            fn end(self) -> Result<S::Ok, S::Error> {
                self.0.end()
            }
        }
    };
}

compound!(SerializeSeq, serialize_element());
compound!(SerializeTuple, serialize_element());
compound!(SerializeTupleStruct, serialize_field());
compound!(SerializeTupleVariant, serialize_field());
compound!(SerializeStruct, serialize_field(key: &'static str));
compound!(SerializeStructVariant, serialize_field(key: &'static str));

impl<S: ser::SerializeMap> ser::SerializeMap for Wrap<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), S::Error> {
        self.0.serialize_key(&Lean(key))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&Lean(value))
    }

    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), S::Error> {
        self.0.serialize_entry(&Lean(key), &Lean(value))
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::ConfigMap;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta, Time};
    use k8s_openapi::jiff::Timestamp;

    use super::to_string;

    /// The hand-written writer against serde_json's, over every fixture on its own rack and on
    /// generated ones: the contracts hold every kind only some racks render.
    #[test]
    fn every_fixture_contract_on_every_profile_is_serde_jsons_text() {
        let all = crate::testing::analyses_on_every_profile();
        for (what, analysis) in &all {
            let contract = crate::output::contract(analysis, "");
            assert_eq!(to_string(&contract).unwrap(), serde_json::to_string(&contract).unwrap(), "{what}");
        }
        crate::testing::assert_every_profile_kind(all.iter().map(|(_, a)| a));
    }

    #[test]
    fn timestamps_are_refused_not_formatted() {
        let mut map = ConfigMap::default();
        assert!(to_string(&map).is_ok());
        map.metadata =
            ObjectMeta { creation_timestamp: Some(Time(Timestamp::UNIX_EPOCH)), ..ObjectMeta::default() };
        let error = to_string(&map).unwrap_err().to_string();
        assert!(error.contains("Time values are not rendered"), "{error}");
        assert!(to_string(&Some(MicroTime(Timestamp::UNIX_EPOCH))).is_err());
        assert!(to_string(&vec![Time(Timestamp::UNIX_EPOCH)]).is_err());
    }
}
