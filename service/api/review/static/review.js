// Citation links seek the redacted audio and highlight the segment they cite.
// Loaded as an external file: the page's Content-Security-Policy allows no inline script.
"use strict";
(function () {
  function player() { return document.getElementById("player"); }

  function highlight(seg, focus) {
    document.querySelectorAll(".segment.current").forEach(function (el) {
      if (el !== seg) { el.classList.remove("current"); el.removeAttribute("aria-current"); }
    });
    if (!seg) { return; }
    seg.classList.add("current");
    seg.setAttribute("aria-current", "true");
    if (focus) { seg.scrollIntoView({block: "center"}); seg.focus({preventScroll: true}); }
  }

  function seek(start, seg) {
    var audio = player();
    if (audio && isFinite(start)) {
      audio.currentTime = start;
      var playing = audio.play();
      if (playing && playing.catch) { playing.catch(function () {}); }
    }
    highlight(seg, true);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.cite");
    if (link) {
      event.preventDefault();
      var seg = document.getElementById("seg-" + link.dataset.seg);
      seek(parseFloat(link.dataset.start), seg);
      if (history.replaceState) { history.replaceState(null, "", "#seg-" + link.dataset.seg); }
      return;
    }
    var button = event.target.closest("button.seek");
    if (button) { seek(parseFloat(button.dataset.start), button.closest(".segment")); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var audio = player();
    if (!audio) { return; }
    audio.addEventListener("timeupdate", function () {
      var t = audio.currentTime, found = null;
      document.querySelectorAll(".segment").forEach(function (el) {
        if (t >= parseFloat(el.dataset.start) && t < parseFloat(el.dataset.end)) { found = el; }
      });
      if (found) { highlight(found, false); }
    });
    if (location.hash.indexOf("#seg-") === 0) {
      highlight(document.getElementById(location.hash.slice(1)), true);
    }
  });
})();
