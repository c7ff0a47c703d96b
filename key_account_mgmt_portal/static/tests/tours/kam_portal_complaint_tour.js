import { registry } from "@web/core/registry";

// A contact of a key account files a complaint from the portal home, finds it
// in the account's list, then confirms the resolution of a resolved complaint.
registry.category("web_tour.tours").add("kam_portal_complaint", {
    url: "/my",
    steps: () => [
        {
            content: "Open the complaints from the portal home",
            trigger: '.o_portal_index_card a[href="/my/complaints"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Start a new complaint",
            trigger: "a.o_kam_new_complaint",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Subject",
            trigger: "form.o_kam_complaint_form input[name=subject]",
            run: "edit Tour: damaged cartons",
        },
        {
            content: "Category",
            trigger: "form.o_kam_complaint_form select[name=category_id]",
            run: "selectByLabel Tour Packaging",
        },
        {
            content: "Description",
            trigger: "form.o_kam_complaint_form textarea[name=description]",
            run: "edit Three cartons arrived crushed.",
        },
        {
            content: "Submit",
            trigger: "button.o_kam_submit_complaint",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is filed and shown as New",
            trigger:
                ".o_kam_portal_message:contains(your complaint was filed) ~ .card .o_kam_complaint_subject:contains(Tour: damaged cartons)",
        },
        {
            content: "Back to the list of the account's complaints",
            trigger: '.breadcrumb a[href="/my/complaints"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The new complaint is in the list; open the resolved one",
            trigger: "td:contains(Tour: damaged cartons)",
        },
        {
            content: "Open the resolved complaint filed by a colleague",
            trigger: "a:contains(Late delivery of batch 42)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The resolution is shown",
            trigger: ".o_kam_complaint_resolution:contains(Replaced the damaged goods)",
        },
        {
            content: "Confirm the resolution",
            trigger: "button.o_kam_confirm_resolution",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked, and asked for a rating",
            trigger: ".o_kam_portal_message:contains(Thank you for confirming the resolution)",
        },
        {
            content: "Rating offered",
            trigger: ".o_kam_complaint_rating a[href*='/rate/']",
        },
    ],
});
