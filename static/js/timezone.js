/* On a new profile, suggest the browser's time zone in place of the country's.
   Optional: without JavaScript the country's zone stays suggested. External file,
   as the Content-Security-Policy forbids inline scripts. */
(function () {
  "use strict";
  var select = document.querySelector("select[data-browser-zone]");
  if (!select || !window.Intl) { return; }
  var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!browserZone) { return; }

  function canonical(zone) {
    try {
      return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
    } catch (error) {
      return null;
    }
  }

  /* The zone's UTC offsets mid-January and mid-July: its clock through the year. */
  function clock(zone) {
    try {
      var format = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" });
      var year = new Date().getUTCFullYear();
      return [0, 6].map(function (month) {
        var parts = format.formatToParts(new Date(Date.UTC(year, month, 15, 12)));
        return parts.filter(function (p) { return p.type === "timeZoneName"; })[0].value;
      }).join(" ");
    } catch (error) {
      return null;
    }
  }

  /* The name of the browser language's country (en-US: "United States"), or "". */
  function countryName() {
    try {
      var region = new Intl.Locale(navigator.language).maximize().region;
      var names = new Intl.DisplayNames([document.documentElement.lang], { type: "region" });
      return (region && names.of(region)) || "\u0000";
    } catch (error) {
      return "\u0000";
    }
  }

  var options = Array.prototype.slice.call(select.options).filter(function (o) { return o.value; });
  var wanted = canonical(browserZone);
  var exact = options.filter(function (o) {
    return o.value === browserZone || canonical(o.value) === wanted;
  })[0];
  if (!exact) {
    /* A zone offered under another name (Indiana keeps Chicago's clock): one with
       the same clock, in the country of the browser's language (labels start with
       the country's CLDR name, as Intl names it), else in the same area. */
    var sameClock = clock(browserZone);
    var area = browserZone.split("/")[0] + "/";
    var matches = options.filter(function (o) { return clock(o.value) === sameClock; });
    exact = matches.filter(function (o) { return o.text.indexOf(countryName()) === 0; })[0] ||
      matches.filter(function (o) { return o.value.indexOf(area) === 0; })[0] ||
      matches[0];
  }
  if (exact) { select.value = exact.value; }
}());
