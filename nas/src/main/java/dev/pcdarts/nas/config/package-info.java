/**
 * Typed configurations of a search ({@link dev.pcdarts.nas.config.SearchConfig}) and of a
 * training ({@link dev.pcdarts.nas.config.EvalConfig}): named presets (the paper's, the quick one
 * of the embedded data, DARTS), validation of every value, and the JSON round trip a run
 * directory's config.json and a checkpoint use. Depends on nas.search only.
 */
package dev.pcdarts.nas.config;
