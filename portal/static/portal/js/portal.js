// Progressive enhancement only: every core task works without this file.
(function () {
    "use strict";
    document.documentElement.classList.remove("no-js");

    // Collapse the main navigation on phones; it is open without JavaScript.
    var nav = document.querySelector(".main-nav__toggle");
    if (nav && window.matchMedia("(max-width: 48rem)").matches) {
        nav.removeAttribute("open");
    }

    // External media: load the player only after an explicit click.
    document.querySelectorAll(".external-media").forEach(function (figure) {
        var button = figure.querySelector(".external-media__load");
        if (!button) { return; }
        button.hidden = false;
        button.addEventListener("click", function () {
            var iframe = document.createElement("iframe");
            iframe.src = figure.getAttribute("data-embed-url");
            iframe.title = figure.getAttribute("data-embed-title");
            iframe.setAttribute("allowfullscreen", "");
            iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
            var placeholder = figure.querySelector(".external-media__placeholder");
            placeholder.replaceWith(iframe);
            iframe.focus();
        });
    });
})();
