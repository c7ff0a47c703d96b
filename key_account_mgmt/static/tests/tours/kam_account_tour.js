import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// An account manager opens the Key Accounts app and one of their accounts,
// logs an interaction, files a complaint from the account and moves it
// through acknowledge, investigate and resolve.
registry.category("web_tour.tours").add("kam_account_complaint", {
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
            content: "My Key Accounts",
            trigger: '[data-menu-xmlid="key_account_mgmt.res_partner_menu_my_key_accounts"]',
            run: "click",
        },
        {
            content: "Open the account",
            trigger: ".o_kanban_record:contains(Tour Orchid Trading)",
            run: "click",
        },
        {
            content: "The account's form is open",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(Tour Orchid Trading), .o_form_view .o_field_widget[name=name] input",
        },
        {
            content: "Key Account tab",
            trigger: '.o_notebook a.nav-link[name="key_account"]',
            run: "click",
        },
        {
            content: "Log an interaction",
            trigger: 'button[name="action_kam_log_interaction"]',
            run: "click",
        },
        {
            content: "Summary of the interaction",
            trigger: '.modal .o_field_widget[name="summary"] input',
            run: "edit Tour: quarterly review with purchasing",
        },
        {
            content: "Save the interaction",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open the account's complaints",
            trigger: 'button.oe_stat_button[name="action_kam_view_complaints"]:visible',
            run: "click",
        },
        {
            content: "New complaint",
            trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: '.o_form_view .o_field_widget[name="subject"] input',
            run: "edit Tour: wrong quantities invoiced",
        },
        {
            content: "The account is the customer",
            trigger: '.o_field_widget[name="partner_id"] input:value(Tour Orchid Trading)',
        },
        {
            content: "Save the complaint",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved as New",
            trigger: ".o_form_saved .o_statusbar_status .o_arrow_button_current:contains(New)",
        },
        {
            content: "Acknowledge",
            trigger: 'button[name="action_acknowledge"]',
            run: "click",
        },
        {
            content: "Investigate",
            trigger: 'button[name="action_investigate"]:contains(Investigate)',
            run: "click",
        },
        {
            content: "Investigating",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Investigating)",
        },
        {
            content: "Resolution tab",
            trigger: '.o_notebook a.nav-link[name="resolution"]',
            run: "click",
        },
        {
            content: "Describe the resolution",
            trigger: '.o_field_widget[name="resolution"] .odoo-editor-editable',
            run: "editor Credit note issued for the difference.",
        },
        {
            content: "Resolve",
            trigger: 'button[name="action_resolve"]',
            run: "click",
        },
        {
            content: "Resolved",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Resolved)",
        },
        {
            content: "The customer may now confirm",
            trigger: 'button[name="action_close"]',
        },
    ],
});
