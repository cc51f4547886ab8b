// Integer's only script: it keeps a dilemma session's screens current.
// Every page works without it (a refresh link); where it runs, it asks the
// server every two seconds for the session's version and reloads the page
// when the version changed, unless someone is typing in a field (the
// team's conclusion) or has chosen an answer not yet sent.
(function () {
  "use strict";
  var live = document.querySelector(".dilemma-live[data-live-url]");
  if (!live || !window.fetch) {
    return;
  }
  var url = live.getAttribute("data-live-url");
  var version = live.getAttribute("data-live-version");
  function busy() {
    var a = document.activeElement;
    if (a && (a.tagName === "TEXTAREA" || a.tagName === "INPUT" || a.tagName === "SELECT")) {
      return true;
    }
    return document.querySelector("input[type=radio]:checked") !== null;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && (String(s.version) !== version || !s.open) && !busy()) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
