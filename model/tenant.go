package model

// TenantPartners is what one read of a tenant returns: its partner connections of both kinds.
// A snapshot of a tenant holds one; the dashboard, the SSH sessions, the fleet, check and the
// exporter all read the same value and never change it.
type TenantPartners struct {
	// Partners are the tenant's deviceManagementPartners.
	Partners []Partner
	// Compliance are the tenant's complianceManagementPartners.
	Compliance []CompliancePartner
}
