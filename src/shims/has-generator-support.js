/* global module */
// Stands in for @stdlib/assert-has-generator-support in the add-in's bundles (webpack.config.js's
// resolve.alias). That module probes with Function('function* () {}'), which the pages'
// Content-Security-Policy refuses (no 'unsafe-eval'): Chromium reports a violation and logs an
// error, and @stdlib falls back to its non-generator code. Every engine that runs the bundles has
// generators (ES2015; src/taskpane/page-gate.js admits ES2020 engines only), so the answer is
// known, and @stdlib takes the same path as in Node.
'use strict';

module.exports = function hasGeneratorSupport() {
  return true;
};
