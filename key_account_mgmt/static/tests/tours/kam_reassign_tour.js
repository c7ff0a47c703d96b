import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A key-account manager hands two accounts over to another account manager
// with the bulk Reassign Account Manager wizard.
registry.category("web_tour.tours").add("kam_reassign_accounts", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: '.o_app[data-menu-xmlid="key_account_mgmt.kam_menu_root"]',
            run: "click",
        },
        {
            content: "Accounts menu",
            trigger: '.o_main_navbar [data-menu-xmlid="key_account_mgmt.kam_menu_accounts"]',
            run: "click",
        },
        {
            content: "All Key Accounts",
            trigger: '[data-menu-xmlid="key_account_mgmt.res_partner_menu_key_accounts"]',
            run: "click",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Select the first account",
            trigger: ".o_data_row:contains(Tour Handover One) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select the second account",
            trigger: ".o_data_row:contains(Tour Handover Two) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Actions",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Reassign Account Manager",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Reassign Account Manager)",
            run: "click",
        },
        {
            content: "Two accounts in the wizard",
            trigger: '.modal .o_field_widget[name="partner_ids"] .o_tag:contains(Tour Handover Two)',
        },
        {
            content: "New account manager",
            trigger: '.modal .o_field_widget[name="manager_id"] input',
            run: "edit Tour Successor",
        },
        {
            content: "Pick the successor",
            trigger: ".o-autocomplete--dropdown-item a:contains(Tour Successor)",
            run: "click",
        },
        {
            content: "Why",
            trigger: '.modal .o_field_widget[name="reason"] textarea',
            run: "edit Tour: territory handover",
        },
        {
            content: "Reassign",
            trigger: '.modal button[name="action_apply"]',
            run: "click",
        },
        {
            content: "Confirm the reassignment",
            trigger: ".modal:contains(Reassign the selected key accounts?) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
