/* STC Guide: the site's stylesheets are not fetched again when the theme starts.
 *
 * At start-up the theme (Material for MkDocs, instant navigation) turns every relative link of
 * the page into an absolute one by assigning each element's URL to itself (element.href =
 * element.href). For a stylesheet <link> that is a new load of the same file: where the host
 * asks browsers to check the file again before using it (Cache-Control: no-cache, as many
 * hosts and the test server do for names without a content hash), the page can paint a frame
 * without the site's styles while the check runs, and everything below the header jumps (a
 * layout shift of up to 0.7 on the calculator page in Lighthouse runs). Loaded on every page
 * just before the theme's bundle (overrides/main.html), this script makes that one assignment
 * do nothing for the page's stylesheet links when the URL does not change; any other change
 * of their address works as before.
 */
(function () {
  "use strict";

  var native = Object.getOwnPropertyDescriptor(HTMLLinkElement.prototype, "href");
  if (!native || !native.get || !native.set) return;
  var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
  for (var i = 0; i < links.length; i++) {
    Object.defineProperty(links[i], "href", {
      configurable: true,
      enumerable: true,
      get: function () { return native.get.call(this); },
      set: function (value) {
        if (String(value) !== native.get.call(this)) native.set.call(this, value);
      },
    });
  }
})();
