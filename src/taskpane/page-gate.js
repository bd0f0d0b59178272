/* global window, document */
/* The add-in pages' start (taskpane.html, commands.html), inlined by webpack.config.js: plain
   ES5, so that it runs where the bundles cannot. It loads the bundles (listed in the page's
   #beekeeper-bundles) only when they can work, and otherwise says why in the page instead of a
   blank pane and uncaught errors:
   - Office on Windows without Microsoft Edge WebView2 runs add-ins in Internet Explorer 11
     (Trident) or the old Edge (EdgeHTML), which cannot parse the ES2020 bundles;
   - office.js did not load (offline, or a proxy refused appsforoffice.microsoft.com).
   test/browser/page-gate.test.ts shows each case; test/taskpane/page-gate.test.ts keeps this ES5. */
(function (window, document) {
  'use strict';
  var MESSAGES = {
    engine:
      'Beekeeper needs a current web engine, and this Office runs add-ins in Internet Explorer 11 ' +
      'or the old Microsoft Edge. Install Microsoft Edge WebView2 (https://developer.microsoft.com/microsoft-edge/webview2/) ' +
      'and use a current Office (Microsoft 365, or Office 2021 or later), then open Beekeeper again.',
    office:
      'office.js could not be loaded from appsforoffice.microsoft.com, so Beekeeper cannot reach Excel. ' +
      'Check the internet connection (and that a proxy or firewall lets appsforoffice.microsoft.com through), ' +
      'then open Beekeeper again.',
  };

  // Trident and EdgeHTML by name (as Microsoft's guidance does), any other old engine by the
  // ES2020 built-ins it lacks (its syntax cannot be tested without eval, which the CSP forbids).
  function modernEngine() {
    var agent = window.navigator.userAgent;
    if (/Trident\/|MSIE |Edge\/\d/.test(agent)) return false;
    return (
      typeof window.globalThis === 'object' &&
      typeof window.BigInt === 'function' &&
      typeof window.Promise === 'function' &&
      typeof window.Promise.allSettled === 'function'
    );
  }

  function problem() {
    if (!modernEngine()) return 'engine';
    if (typeof window.Office === 'undefined') return 'office';
    return '';
  }

  function show(text) {
    var message = document.createElement('p');
    message.className = 'beekeeper-unavailable';
    message.setAttribute('role', 'alert');
    message.appendChild(document.createTextNode(text));
    var root = document.getElementById('root');
    if (root) root.parentNode.insertBefore(message, root);
    else document.body.appendChild(message);
  }

  var found = problem();
  if (found) {
    show(MESSAGES[found]);
    // Office waits for every page to call onReady; office.js itself is ES5.
    if (window.Office && window.Office.onReady) window.Office.onReady(function () {});
    return;
  }
  var list = document.getElementById('beekeeper-bundles');
  var bundles = list ? JSON.parse(list.textContent) : [];
  for (var i = 0; i < bundles.length; i++) {
    var script = document.createElement('script');
    script.src = bundles[i];
    script.async = false; // in order, as the deferred tags they replace
    document.head.appendChild(script);
  }
})(window, document);
