//! A serde serializer that builds Python objects: structs and maps become
//! dicts (fields in declaration order), sequences lists, options `None` or
//! their value. It gives the values `serde_json` writes: an `f32` becomes
//! the `float` of its shortest decimal form (a Goldstein score of 3.4 is
//! 3.4, not the f32's 3.4000000953674316), a unit variant its name.
//!
//! Made for the event records, a million Python objects for 20,000
//! events: a struct's field names are `&'static str`, so each is made into
//! a Python string once per [`Keys`] and reused, and nothing else is
//! allocated on the way.

use std::collections::HashMap;
use std::fmt::Display;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3::BoundObject;
use serde::ser::{self, Serialize};

/// Why a value could not become a Python object.
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Error {
        Error(e.to_string())
    }
}

/// The Python strings of struct field names, made once each.
#[derive(Default)]
pub struct Keys {
    by_address: HashMap<(usize, usize), Py<PyString>>,
}

impl Keys {
    fn get<'py>(&mut self, py: Python<'py>, key: &'static str) -> Bound<'py, PyString> {
        self.by_address
            .entry((key.as_ptr() as usize, key.len()))
            .or_insert_with(|| PyString::intern(py, key).unbind())
            .bind(py)
            .clone()
    }
}

/// `value` as a Python object.
pub fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    keys: &mut Keys,
    value: &T,
) -> Result<Bound<'py, PyAny>, Error> {
    value.serialize(Ser { py, keys })
}

struct Ser<'a, 'py> {
    py: Python<'py>,
    keys: &'a mut Keys,
}

fn obj<'py, T>(py: Python<'py>, v: T) -> Result<Bound<'py, PyAny>, Error>
where
    T: IntoPyObject<'py>,
    PyErr: From<T::Error>,
{
    Ok(v.into_pyobject(py)
        .map_err(PyErr::from)?
        .into_any()
        .into_bound())
}

impl<'a, 'py> ser::Serializer for Ser<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = ser::Impossible<Self::Ok, Error>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = ser::Impossible<Self::Ok, Error>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok, Error> {
        // serde_json writes the shortest decimal that reads back as `v`
        let shortest: f64 = v.to_string().parse().unwrap_or(f64::from(v));
        obj(self.py, shortest)
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, Error> {
        obj(self.py, v)
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, Error> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, Error> {
        obj(self.py, v.to_vec())
    }
    fn serialize_none(self) -> Result<Self::Ok, Error> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok, Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, Error> {
        Ok(self.keys.get(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Error> {
        let py = self.py;
        let key = self.keys.get(py, variant);
        let inner = value.serialize(Ser {
            py,
            keys: self.keys,
        })?;
        let d = PyDict::new(py);
        d.set_item(key, inner)?;
        Ok(d.into_any())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a, 'py>, Error> {
        Ok(Seq {
            py: self.py,
            keys: self.keys,
            list: PyList::empty(self.py),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error(format!(
            "{name}::{variant}: tuple variants are not written"
        )))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a, 'py>, Error> {
        Ok(Map {
            py: self.py,
            keys: self.keys,
            dict: PyDict::new(self.py),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Map<'a, 'py>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error(format!(
            "{name}::{variant}: struct variants are not written"
        )))
    }
}

struct Seq<'a, 'py> {
    py: Python<'py>,
    keys: &'a mut Keys,
    list: Bound<'py, PyList>,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let v = value.serialize(Ser {
            py: self.py,
            keys: self.keys,
        })?;
        self.list.append(v)?;
        Ok(())
    }
}

impl<'py> ser::SerializeSeq for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, Error> {
        Ok(self.list.into_any())
    }
}

impl<'py> ser::SerializeTuple for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, Error> {
        Ok(self.list.into_any())
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, Error> {
        Ok(self.list.into_any())
    }
}

struct Map<'a, 'py> {
    py: Python<'py>,
    keys: &'a mut Keys,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(Ser {
            py: self.py,
            keys: self.keys,
        })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without its key".into()))?;
        let v = value.serialize(Ser {
            py: self.py,
            keys: self.keys,
        })?;
        self.dict.set_item(key, v)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok, Error> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let k = self.keys.get(self.py, key);
        let v = value.serialize(Ser {
            py: self.py,
            keys: self.keys,
        })?;
        self.dict.set_item(k, v)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok, Error> {
        Ok(self.dict.into_any())
    }
}
