// The running total of a budget ballot: ticking a project updates the sentence
// below the list at once (read out by screen readers: role=status). Without
// JavaScript the "Update the total" button asks the server for the same sentence.
(function () {
    "use strict";
    document.querySelectorAll("form[data-budget]").forEach(function (form) {
        var status = form.querySelector(".budget-total__text");
        var over = form.querySelector(".budget-total__over");
        if (!status) { return; }
        var budget = parseInt(form.getAttribute("data-budget"), 10);
        var knapsack = form.getAttribute("data-rule") === "knapsack";
        var max = parseInt(form.getAttribute("data-max"), 10);
        var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
        function update() {
            var ticked = form.querySelectorAll("input[name=project]:checked");
            var total = 0;
            ticked.forEach(function (box) { total += parseInt(box.getAttribute("data-cost"), 10) || 0; });
            var text;
            if (knapsack) {
                text = status.getAttribute("data-template").replace("__TOTAL__", numbers.format(total));
            } else {
                text = status.getAttribute("data-template")
                    .replace("__COUNT__", String(ticked.length));
            }
            status.textContent = text;
            if (over) { over.hidden = knapsack ? total <= budget : ticked.length <= max; }
        }
        form.addEventListener("change", update);
    });
})();
