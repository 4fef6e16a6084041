-- Issue 16, managers' compliance report: per patch the version on the host, the version the update brings and
-- the CVE ids it fixes (as the package source lists them). Existing rows are filled from the raw scan each
-- report keeps; a MISSING row's installed version is the older one still on the host.
ALTER TABLE patch_report_items ADD COLUMN installed_version text;
ALTER TABLE patch_report_items ADD COLUMN available_version text;
ALTER TABLE patch_report_items ADD COLUMN cve_ids text[] NOT NULL DEFAULT '{}'::text[];
UPDATE patch_report_items i
SET installed_version = p.pkg->>'installed_version',
    available_version = p.pkg->>'available_version',
    cve_ids = COALESCE(ARRAY(SELECT jsonb_array_elements_text(COALESCE(p.pkg->'cve_ids', '[]'::jsonb))), '{}'::text[])
FROM (SELECT r.id AS report_id, pkg
      FROM patch_reports r, jsonb_array_elements(r.scan->'packages') pkg) p
WHERE p.report_id = i.report_id AND p.pkg->>'name' = i.title;
