"""Pure helpers of key_account_mgmt (no models): import them where needed."""
