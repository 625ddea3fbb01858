//! The user's glossary: `[glossary]` in `gloss.toml`, or a `glossary.toml`
//! beside it (whose top level is the glossary table). It adds aliases,
//! creates or merges entities, sets kinds, renames and hides.
//!
//! ```toml
//! [glossary]
//! hide = ["Table", "Cultural Revolution"]       # never listed or matched
//! rename = { "Lenovo Group" = "Lenovo" }        # display name
//! merge = { "Legend" = "Lenovo" }               # fold the first into the second
//! [glossary.entities."Shenyang Machine Tool"]
//! aliases = ["SMTCL", "Shenyang Machine Tool Co. Ltd."]
//! kind = "firm"                                 # firm organisation government place person journal concept
//! ```

use std::path::Path;

use super::Kind;
use crate::config::Config;
use crate::warn::Warning;

/// One `[glossary.entities."Name"]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GlossaryEntity {
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: Option<Kind>,
}

/// What the user says about entities; applied after extraction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Glossary {
    pub entities: Vec<GlossaryEntity>,
    /// Names (or aliases) of entities to drop.
    pub hide: Vec<String>,
    /// (old name or alias, new display name).
    pub rename: Vec<(String, String)>,
    /// (entity to fold away, entity to fold it into).
    pub merge: Vec<(String, String)>,
}

fn strings(v: &toml::Value, what: &str, base: &Path, warnings: &mut Vec<Warning>) -> Vec<String> {
    match v {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Array(a) => a
            .iter()
            .filter_map(|x| match x.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    warnings.push(Warning::new(
                        base,
                        None,
                        format!("glossary: `{what}` takes strings, got {x}"),
                    ));
                    None
                }
            })
            .collect(),
        other => {
            warnings.push(Warning::new(
                base,
                None,
                format!("glossary: `{what}` takes a list of strings, got {other}"),
            ));
            vec![]
        }
    }
}

fn pairs(
    v: &toml::Value,
    what: &str,
    base: &Path,
    warnings: &mut Vec<Warning>,
) -> Vec<(String, String)> {
    match v.as_table() {
        Some(t) => t
            .iter()
            .filter_map(|(k, x)| match x.as_str() {
                Some(s) => Some((k.clone(), s.to_string())),
                None => {
                    warnings.push(Warning::new(
                        base,
                        None,
                        format!("glossary: `{what}.{k}` takes a string"),
                    ));
                    None
                }
            })
            .collect(),
        None => {
            warnings.push(Warning::new(
                base,
                None,
                format!("glossary: `{what}` takes a table of \"name\" = \"name\""),
            ));
            vec![]
        }
    }
}

impl Glossary {
    /// Read a glossary table. `base` is the file it came from (for warnings).
    /// Unknown keys and bad values are warnings; the rest is kept.
    pub fn from_toml(v: &toml::Value, base: &Path, warnings: &mut Vec<Warning>) -> Glossary {
        let mut g = Glossary::default();
        let Some(t) = v.as_table() else {
            warnings.push(Warning::new(base, None, "glossary: expected a table"));
            return g;
        };
        for (k, x) in t {
            match k.as_str() {
                "hide" => g.hide.extend(strings(x, "hide", base, warnings)),
                "rename" => g.rename.extend(pairs(x, "rename", base, warnings)),
                "merge" => g.merge.extend(pairs(x, "merge", base, warnings)),
                "entities" => {
                    let Some(es) = x.as_table() else {
                        warnings.push(Warning::new(
                            base,
                            None,
                            "glossary: `entities` takes tables: [glossary.entities.\"Name\"]",
                        ));
                        continue;
                    };
                    for (name, e) in es {
                        let mut ge = GlossaryEntity {
                            name: name.clone(),
                            ..GlossaryEntity::default()
                        };
                        if let Some(et) = e.as_table() {
                            for (ek, ev) in et {
                                match ek.as_str() {
                                    "aliases" | "alias" => ge.aliases.extend(strings(
                                        ev,
                                        "aliases",
                                        base,
                                        warnings,
                                    )),
                                    "kind" => match ev.as_str().and_then(Kind::parse) {
                                        Some(k) => ge.kind = Some(k),
                                        None => warnings.push(Warning::new(
                                            base,
                                            None,
                                            format!(
                                                "glossary: entity `{name}`: unknown kind {ev} (use firm, organisation, government, place, person, journal or concept)"
                                            ),
                                        )),
                                    },
                                    other => warnings.push(Warning::new(
                                        base,
                                        None,
                                        format!("glossary: entity `{name}`: unknown key `{other}`"),
                                    )),
                                }
                            }
                        } else {
                            warnings.push(Warning::new(
                                base,
                                None,
                                format!("glossary: entity `{name}` takes a table"),
                            ));
                        }
                        g.entities.push(ge);
                    }
                }
                other => warnings.push(Warning::new(
                    base,
                    None,
                    format!(
                        "glossary: unknown key `{other}` (use entities, hide, rename or merge)"
                    ),
                )),
            }
        }
        g
    }

    /// The glossary for a configuration: `[glossary]` of its `gloss.toml`,
    /// then a `glossary.toml` beside it (both, when both exist).
    pub fn load_for(config: &Config, warnings: &mut Vec<Warning>) -> Glossary {
        let mut g = Glossary::default();
        let Some(file) = &config.file else {
            return g;
        };
        // The `[glossary]` table was read with the rest of `gloss.toml`.
        if let Some(gv) = &config.glossary {
            g.extend(Glossary::from_toml(gv, file, warnings));
        }
        let beside = file.parent().map_or_else(
            || Path::new("glossary.toml").to_path_buf(),
            |d| d.join("glossary.toml"),
        );
        g.extend(Glossary::load_file(&beside, warnings));
        g
    }

    /// Read a `glossary.toml` (top level = the glossary table; a
    /// `[glossary]` table inside it is read too). A missing file is no glossary.
    pub fn load_file(path: &Path, warnings: &mut Vec<Warning>) -> Glossary {
        let Ok(text) = crate::text::read_settings(path) else {
            return Glossary::default();
        };
        match text.parse::<toml::Table>() {
            Ok(t) => {
                let v = match t.get("glossary") {
                    Some(inner) if t.len() == 1 => inner.clone(),
                    _ => toml::Value::Table(t),
                };
                Glossary::from_toml(&v, path, warnings)
            }
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u32 + 1);
                warnings.push(Warning::new(
                    path,
                    line,
                    format!("invalid glossary: {}", e.message()),
                ));
                Glossary::default()
            }
        }
    }

    fn extend(&mut self, o: Glossary) {
        self.entities.extend(o.entities);
        self.hide.extend(o.hide);
        self.rename.extend(o.rename);
        self.merge.extend(o.merge);
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.hide.is_empty()
            && self.rename.is_empty()
            && self.merge.is_empty()
    }
}
