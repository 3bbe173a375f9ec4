// Progressive enhancement: fill the search field's <datalist> with page titles.
(function () {
    "use strict";
    document.querySelectorAll("input[data-autocomplete-url]").forEach(function (input) {
        var list = document.getElementById(input.getAttribute("list"));
        var timer = null;
        var last = "";
        input.addEventListener("input", function () {
            clearTimeout(timer);
            var query = input.value.trim();
            if (query.length < 2 || query === last) { return; }
            timer = setTimeout(function () {
                last = query;
                fetch(input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query), {
                    headers: { "Accept": "application/json" },
                    credentials: "omit"
                }).then(function (response) {
                    return response.ok ? response.json() : { suggestions: [] };
                }).then(function (data) {
                    list.replaceChildren();
                    data.suggestions.forEach(function (suggestion) {
                        var option = document.createElement("option");
                        option.value = suggestion.title;
                        list.appendChild(option);
                    });
                }).catch(function () { /* the form works without suggestions */ });
            }, 200);
        });
    });
})();
