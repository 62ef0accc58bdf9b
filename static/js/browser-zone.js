/* Remember the browser's time zone in a cookie ("tz"), so that event times are shown
   in the reader's clock when she has not chosen a zone. Optional: without it the
   server guesses from her language's country, or shows the session's own zone.
   External file, as the Content-Security-Policy forbids inline scripts. */
(function () {
  "use strict";
  if (!window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) { return; }
  var current = document.cookie.split("; ").filter(function (c) {
    return c.indexOf("tz=") === 0;
  })[0];
  if (current === "tz=" + zone) { return; }
  document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
}());
