//! Coder options, named as in PETRARCH's `PETR_config.ini` and `<Config>` records.

/// Options that change what the coder emits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Longest noun phrase (in words) written in quotes as a new actor when no
    /// dictionary actor or agent codes it; 0 turns this off.
    pub new_actor_length: usize,
    /// Drop events whose source or target is the null actor `---`.
    pub require_dyad: bool,
    /// Word-count bounds for removing comma-delimited clauses: internal,
    /// initial (`b`) and terminal (`e`). A max of 0 turns that removal off.
    pub comma_min: usize,
    pub comma_max: usize,
    pub comma_bmin: usize,
    pub comma_bmax: usize,
    pub comma_emin: usize,
    pub comma_emax: usize,
    /// A document-level resolver ([`crate::discourse`]) runs after coding.
    /// The coder then codes a passive without a *by*-phrase ("X was
    /// blocked") with X as the target and a missing agent as the source,
    /// and keeps events whose null side is an anaphor or a missing agent for
    /// the resolver to fill in. Off, it follows PETRARCH: such a passive is
    /// coded like an active clause (its subject as source), as PETRARCH's
    /// unit tests expect. Not a PETRARCH option; sentence-by-sentence input
    /// (PETRARCH XML) leaves it off.
    pub discourse: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            new_actor_length: 0,
            require_dyad: true,
            comma_min: 2,
            comma_max: 8,
            comma_bmin: 0,
            comma_bmax: 0,
            comma_emin: 2,
            comma_emax: 8,
            discourse: false,
        }
    }
}

/// An option name or value the coder does not accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("unknown option '{0}'")]
    Unknown(String),
    #[error("option '{0}' needs a whole number, got '{1}'")]
    NotANumber(String, String),
}

impl Config {
    /// Sets one option from its textual form (`require_dyad` = `False`, …).
    pub fn set(&mut self, option: &str, value: &str) -> Result<(), ConfigError> {
        let num = || {
            value
                .trim()
                .parse::<usize>()
                .map_err(|_| ConfigError::NotANumber(option.to_string(), value.to_string()))
        };
        match option.trim() {
            "new_actor_length" => self.new_actor_length = num()?,
            "require_dyad" => self.require_dyad = !value.to_ascii_lowercase().contains("false"),
            "comma_min" => self.comma_min = num()?,
            "comma_max" => self.comma_max = num()?,
            "comma_bmin" => self.comma_bmin = num()?,
            "comma_bmax" => self.comma_bmax = num()?,
            "comma_emin" => self.comma_emin = num()?,
            "comma_emax" => self.comma_emax = num()?,
            // accepted for compatibility; they change nothing here
            "stop_on_error" | "write_actor_root" | "write_actor_text" | "write_event_text" => {}
            other => return Err(ConfigError::Unknown(other.to_string())),
        }
        Ok(())
    }
}
