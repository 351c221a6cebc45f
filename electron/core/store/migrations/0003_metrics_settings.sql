-- Dashboard settings of a profile, set in the console: alert thresholds (overriding the
-- profile's defaults) and the NOC wall's playlist. Stored as JSON the app validates on read;
-- a NULL column means "use the default".
CREATE TABLE metrics_settings (
  profile TEXT PRIMARY KEY,
  thresholds_json TEXT CHECK (thresholds_json IS NULL OR json_valid(thresholds_json)),
  wall_json TEXT CHECK (wall_json IS NULL OR json_valid(wall_json)),
  updated_at TEXT NOT NULL
);
