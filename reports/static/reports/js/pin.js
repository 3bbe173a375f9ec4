// The report form's pin: after the visitor loaded the consent-first map, a click
// on it sets the latitude and longitude fields. Without JavaScript (or without
// the map) the municipality and the place text are enough.
(function () {
    "use strict";
    document.querySelectorAll(".report-pin").forEach(function (box) {
        var lat = document.getElementById(box.getAttribute("data-lat-input"));
        var lon = document.getElementById(box.getAttribute("data-lon-input"));
        var status = box.querySelector(".report-pin__status");
        if (!lat || !lon) { return; }
        box.addEventListener("portal-map:ready", function (event) {
            var map = event.detail.map;
            var marker = null;
            function place(latlng) {
                if (marker) { marker.setLatLng(latlng); } else {
                    marker = window.L.marker(latlng, { keyboard: true }).addTo(map);
                }
                lat.value = latlng.lat.toFixed(6);
                lon.value = latlng.lng.toFixed(6);
                status.textContent = box.getAttribute("data-pin-set") || "";
            }
            if (lat.value && lon.value) {
                place(window.L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
                map.setView(marker.getLatLng(), 16);
            }
            map.on("click", function (e) { place(e.latlng); });
        });
    });
})();
