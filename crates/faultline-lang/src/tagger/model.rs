//! The weight tables and the model file format.
//!
//! In memory, a model is two open-addressing hash tables keyed by the
//! 64-bit feature keys of [`super::features`]: feature → a run of
//! `(tag, weight)` entries, and word → dictionary tag. Keys are already
//! well mixed, so the slot is taken from the key's high bits directly.
//!
//! On disk (all integers little-endian):
//!
//! ```text
//! magic        8 bytes  "FLTAGGER"
//! version      u32      1
//! feature set  u32      1 = classic, 2 = extended
//! tags         u32      45
//! scale        f32      weight = stored i16 / scale
//! features     u32      F
//! entries      u32      E
//! dictionary   u32      D
//! keys         F × u64  strictly ascending, non-zero
//! counts       F × u8   entries per feature, 1..=45
//! entry tags   E × u8   ascending within a feature
//! weights      E × i16
//! dict keys    D × u64  strictly ascending, non-zero
//! dict tags    D × u8
//! checksum     u64      FNV-1a of every byte before it
//! ```
//!
//! Every count is checked against the file length before anything is
//! allocated, and every index against its bounds, so a damaged file is an
//! error and never a panic or a huge allocation.

use super::features::{hash_bytes, FeatureSet};
use super::tags::NTAGS;
use super::TaggerError;

const MAGIC: &[u8; 8] = b"FLTAGGER";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 * 7;

/// One weight: a tag index and its weight for a feature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    pub weight: f32,
    pub tag: u8,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Feature key → weights.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    shift: u32,
    mask: usize,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
}

fn table_bits(n: usize) -> u32 {
    // At most half full, at least 16 slots.
    let want = (n.saturating_mul(2)).max(16);
    want.next_power_of_two().trailing_zeros()
}

impl Weights {
    /// Builds the table from `(key, entries)` pairs with distinct non-zero keys.
    pub(crate) fn build(features: &[(u64, Vec<Entry>)]) -> Weights {
        let bits = table_bits(features.len());
        let mut w = Weights {
            shift: 64 - bits,
            mask: (1usize << bits) - 1,
            slots: vec![Slot::default(); 1usize << bits],
            entries: Vec::with_capacity(features.iter().map(|f| f.1.len()).sum()),
        };
        for (k, es) in features {
            let start = w.entries.len() as u32;
            w.entries.extend_from_slice(es);
            let slot = Slot {
                key: *k,
                start,
                len: es.len() as u32,
            };
            let mut i = (*k >> w.shift) as usize & w.mask;
            while w.slots[i].key != 0 && w.slots[i].key != *k {
                i = (i + 1) & w.mask;
            }
            w.slots[i] = slot;
        }
        w
    }

    /// The weights of feature `key` (empty when the feature is unknown).
    #[inline]
    pub(crate) fn get(&self, key: u64) -> &[Entry] {
        let mut i = (key >> self.shift) as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s.key == key {
                let start = s.start as usize;
                return self
                    .entries
                    .get(start..start + s.len as usize)
                    .unwrap_or(&[]);
            }
            if s.key == 0 {
                return &[];
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Every feature with its weights, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &[Entry])> + '_ {
        self.slots.iter().filter(|s| s.key != 0).map(|s| {
            let start = s.start as usize;
            (
                s.key,
                self.entries
                    .get(start..start + s.len as usize)
                    .unwrap_or(&[]),
            )
        })
    }

    pub(crate) fn n_features(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }

    pub(crate) fn n_entries(&self) -> usize {
        self.entries.len()
    }
}

/// Word key → dictionary tag.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dict {
    shift: u32,
    mask: usize,
    slots: Vec<(u64, u8)>,
}

impl Dict {
    pub(crate) fn build(words: &[(u64, u8)]) -> Dict {
        let bits = table_bits(words.len());
        let mut d = Dict {
            shift: 64 - bits,
            mask: (1usize << bits) - 1,
            slots: vec![(0, 0); 1usize << bits],
        };
        for &(k, t) in words {
            let mut i = (k >> d.shift) as usize & d.mask;
            while d.slots[i].0 != 0 && d.slots[i].0 != k {
                i = (i + 1) & d.mask;
            }
            d.slots[i] = (k, t);
        }
        d
    }

    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<u8> {
        let mut i = (key >> self.shift) as usize & self.mask;
        loop {
            let (k, t) = self.slots[i];
            if k == key {
                return Some(t);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u8)> + '_ {
        self.slots.iter().copied().filter(|s| s.0 != 0)
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.0 != 0).count()
    }
}

/// A model's contents, as read from or written to a file.
pub(crate) struct Parts {
    pub set: FeatureSet,
    pub features: Vec<(u64, Vec<Entry>)>,
    pub dict: Vec<(u64, u8)>,
}

/// Serializes a model, quantizing the weights to `i16`.
pub(crate) fn encode(set: FeatureSet, weights: &Weights, dict: &Dict) -> Vec<u8> {
    let mut feats: Vec<(u64, Vec<Entry>)> = weights
        .iter()
        .map(|(k, es)| {
            let mut es = es.to_vec();
            es.sort_by_key(|e| e.tag);
            (k, es)
        })
        .collect();
    feats.sort_by_key(|f| f.0);
    let max = feats
        .iter()
        .flat_map(|f| f.1.iter())
        .map(|e| e.weight.abs())
        .filter(|w| w.is_finite())
        .fold(0.0f32, f32::max);
    let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
    // Drop weights that quantize to zero and features left empty.
    let quant = |w: f32| -> i16 {
        if w.is_finite() {
            (w * scale).round().clamp(-32767.0, 32767.0) as i16
        } else {
            0
        }
    };
    let feats: Vec<(u64, Vec<(u8, i16)>)> = feats
        .into_iter()
        .map(|(k, es)| {
            let q: Vec<(u8, i16)> = es
                .iter()
                .map(|e| (e.tag, quant(e.weight)))
                .filter(|&(_, q)| q != 0)
                .collect();
            (k, q)
        })
        .filter(|(_, q)| !q.is_empty())
        .collect();
    let mut dict: Vec<(u64, u8)> = dict.iter().collect();
    dict.sort_by_key(|d| d.0);
    let n_entries: usize = feats.iter().map(|f| f.1.len()).sum();

    let mut out =
        Vec::with_capacity(HEADER_LEN + feats.len() * 9 + n_entries * 3 + dict.len() * 9 + 8);
    out.extend_from_slice(MAGIC);
    for v in [VERSION, set.code(), NTAGS as u32] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&scale.to_le_bytes());
    for v in [feats.len(), n_entries, dict.len()] {
        out.extend_from_slice(&(v as u32).to_le_bytes());
    }
    for (k, _) in &feats {
        out.extend_from_slice(&k.to_le_bytes());
    }
    for (_, es) in &feats {
        out.push(es.len() as u8);
    }
    for (_, es) in &feats {
        out.extend(es.iter().map(|e| e.0));
    }
    for (_, es) in &feats {
        for e in es {
            out.extend_from_slice(&e.1.to_le_bytes());
        }
    }
    for (k, _) in &dict {
        out.extend_from_slice(&k.to_le_bytes());
    }
    out.extend(dict.iter().map(|d| d.1));
    let sum = hash_bytes(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// A cursor over the file that never reads past the end.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TaggerError> {
        let end = self.pos.checked_add(n).ok_or(TaggerError::Truncated)?;
        let s = self.data.get(self.pos..end).ok_or(TaggerError::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, TaggerError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64s(&mut self, n: usize) -> Result<Vec<u64>, TaggerError> {
        let b = self.take(n.checked_mul(8).ok_or(TaggerError::Truncated)?)?;
        Ok(b.chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }
}

fn corrupt(what: &'static str) -> TaggerError {
    TaggerError::Corrupt(what)
}

/// Reads a model file.
pub(crate) fn decode(data: &[u8]) -> Result<(Parts, f32), TaggerError> {
    if data.len() < 8 || &data[..8] != MAGIC {
        return Err(TaggerError::NotAModel);
    }
    if data.len() < HEADER_LEN + 8 {
        return Err(TaggerError::Truncated);
    }
    let (body, sum) = data.split_at(data.len() - 8);
    let mut r = Reader { data: body, pos: 8 };
    let version = r.u32()?;
    if version != VERSION {
        return Err(TaggerError::UnsupportedVersion(version));
    }
    let set = FeatureSet::from_code(r.u32()?).ok_or(corrupt("unknown feature set"))?;
    if r.u32()? as usize != NTAGS {
        return Err(corrupt("wrong number of tags"));
    }
    let scale = f32::from_bits(r.u32()?);
    if !(scale.is_finite() && scale > 0.0) {
        return Err(corrupt("bad weight scale"));
    }
    let nf = r.u32()? as usize;
    let ne = r.u32()? as usize;
    let nd = r.u32()? as usize;
    // Exact length check before any allocation.
    let expected = [nf * 8, nf, ne * 3, nd * 9]
        .iter()
        .try_fold(HEADER_LEN, |acc: usize, &x| acc.checked_add(x));
    if expected != Some(body.len()) {
        return Err(TaggerError::Truncated);
    }
    let want = u64::from_le_bytes([
        sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7],
    ]);
    if hash_bytes(body) != want {
        return Err(TaggerError::Checksum);
    }
    let keys = r.u64s(nf)?;
    let counts = r.take(nf)?;
    let tags = r.take(ne)?;
    let wbytes = r.take(ne * 2)?;
    let dkeys = r.u64s(nd)?;
    let dtags = r.take(nd)?;

    if keys.windows(2).any(|w| w[0] >= w[1]) || keys.first() == Some(&0) {
        return Err(corrupt("feature keys not strictly ascending"));
    }
    if dkeys.windows(2).any(|w| w[0] >= w[1]) || dkeys.first() == Some(&0) {
        return Err(corrupt("dictionary keys not strictly ascending"));
    }
    if counts.iter().map(|&c| c as usize).sum::<usize>() != ne {
        return Err(corrupt("entry counts do not add up"));
    }
    let mut features = Vec::with_capacity(nf);
    let mut pos = 0;
    for (&k, &c) in keys.iter().zip(counts) {
        let c = c as usize;
        if c == 0 || c > NTAGS {
            return Err(corrupt("bad entry count"));
        }
        let ts = &tags[pos..pos + c];
        if ts.iter().any(|&t| t as usize >= NTAGS) || ts.windows(2).any(|w| w[0] >= w[1]) {
            return Err(corrupt("bad tag in weights"));
        }
        let es = ts
            .iter()
            .enumerate()
            .map(|(j, &t)| {
                let b = 2 * (pos + j);
                let q = i16::from_le_bytes([wbytes[b], wbytes[b + 1]]);
                Entry {
                    tag: t,
                    weight: f32::from(q) / scale,
                }
            })
            .collect();
        features.push((k, es));
        pos += c;
    }
    if dtags.iter().any(|&t| t as usize >= NTAGS) {
        return Err(corrupt("bad tag in dictionary"));
    }
    let dict = dkeys.into_iter().zip(dtags.iter().copied()).collect();
    Ok((
        Parts {
            set,
            features,
            dict,
        },
        scale,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_find_what_was_put_in() {
        let feats: Vec<(u64, Vec<Entry>)> = (1..1000u64)
            .map(|k| {
                let k = super::super::features::fmix(k);
                (
                    k,
                    vec![Entry {
                        tag: (k % 45) as u8,
                        weight: 1.0,
                    }],
                )
            })
            .collect();
        let w = Weights::build(&feats);
        for (k, es) in &feats {
            assert_eq!(w.get(*k), es.as_slice());
        }
        assert!(w.get(12345).is_empty());
        assert_eq!(w.n_features(), 999);
        let d = Dict::build(&[(7, 3), (u64::MAX, 4)]);
        assert_eq!(d.get(7), Some(3));
        assert_eq!(d.get(u64::MAX), Some(4));
        assert_eq!(d.get(8), None);
        let empty = Weights::build(&[]);
        assert!(empty.get(5).is_empty());
    }
}
