"""Campaign pages: the kits of assets/campaigns/ as pages, tied to their announcements."""
