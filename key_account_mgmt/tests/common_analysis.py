from .common_rhythm import KamRhythmCommon

TODAY = "2026-06-30"


class KamAnalysisCommon(KamRhythmCommon):
    """A small population for the churn and analysis tests (no demo data).

    Lifecycle: dormant after 6 months without activity, lost after 12;
    only the contact recency weighs in the health score.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ICP = cls.env["ir.config_parameter"].sudo()
        for name, value in {
            "health_weight_recency": 40,
            "health_weight_activities": 0,
            "health_weight_satisfaction": 0,
            "health_weight_complaints": 0,
            "health_weight_sla": 0,
            "health_weight_points": 0,
            "health_weight_purchase_recency": 0,
            "health_weight_purchase_trend": 0,
            "lifecycle_new_months": 6,
            "lifecycle_mature_months": 24,
            "lifecycle_dormant_months": 6,
            "lifecycle_lost_months": 12,
        }.items():
            ICP.set_param(f"key_account_mgmt.{name}", value)
        cls.reason_price = cls.env.ref("key_account_mgmt.kam_churn_reason_price")
        cls.reason_competitor = cls.env.ref(
            "key_account_mgmt.kam_churn_reason_competitor"
        )
        cls.reason_type = cls.env.ref(
            "key_account_mgmt.mail_activity_type_kam_churn_reason"
        )
