// The privacy-friendly map: nothing is requested from the tile server until
// the visitor clicks "show map". Leaflet itself is served from our own host.
(function () {
    "use strict";

    function loadLeaflet(section, done) {
        if (window.L) { done(); return; }
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = section.getAttribute("data-leaflet-css");
        document.head.appendChild(css);
        var script = document.createElement("script");
        script.src = section.getAttribute("data-leaflet-js");
        script.addEventListener("load", done);
        document.head.appendChild(script);
    }

    function popup(feature) {
        // Built from DOM nodes: names come from editors and are never parsed as HTML.
        var box = document.createElement("div");
        var props = feature.properties || {};
        var title = document.createElement(props.url ? "a" : "strong");
        title.textContent = props.name || "";
        if (props.url) { title.href = props.url; }
        box.appendChild(title);
        ["detail", "address"].forEach(function (key) {
            if (props[key]) {
                var line = document.createElement("div");
                line.textContent = props[key];
                box.appendChild(line);
            }
        });
        return box;
    }

    function show(section) {
        var canvas = section.querySelector(".portal-map__canvas");
        var consent = section.querySelector(".portal-map__consent");
        fetch(section.getAttribute("data-geojson-url"), { credentials: "same-origin" })
            .then(function (response) { return response.json(); })
            .then(function (data) {
                canvas.hidden = false;
                consent.hidden = true;
                var map = window.L.map(canvas, { scrollWheelZoom: false });
                window.L.tileLayer(section.getAttribute("data-tile-url"), {
                    attribution: section.getAttribute("data-attribution"),
                    maxZoom: 18
                }).addTo(map);
                var layer = window.L.geoJSON(data, {
                    pointToLayer: function (feature, latlng) {
                        return window.L.circleMarker(latlng, {
                            radius: 8, weight: 2, color: "#003d6e", fillColor: "#2f7fb5", fillOpacity: 0.9
                        });
                    },
                    style: function () { return { color: "#b00020", weight: 4 }; },
                    onEachFeature: function (feature, item) { item.bindPopup(popup(feature)); }
                }).addTo(map);
                var bounds = layer.getBounds();
                if (bounds.isValid()) {
                    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
                } else {
                    map.setView([53.58, 11.6], 11);
                }
                canvas.focus();
                // Other scripts (e.g. the report form's pin) extend the map from here.
                section.dispatchEvent(new CustomEvent("portal-map:ready", {
                    bubbles: true, detail: { map: map }
                }));
            });
    }

    document.querySelectorAll(".portal-map[data-tile-url]").forEach(function (section) {
        var button = section.querySelector(".portal-map__load");
        if (!button) { return; }
        button.hidden = false;
        button.addEventListener("click", function () {
            button.disabled = true;
            loadLeaflet(section, function () { show(section); });
        });
    });
})();
