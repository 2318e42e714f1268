import { describe, expect, it } from "vitest";
import { identityFromClaims, isTenantAdmin } from "@/lib/auth/claims";

const contoso = "6a1d2c3b-0f4e-4c5d-9e8f-7a6b5c4d3e21";
const fabrikam = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d61";
const oid = "11111111-aaaa-4aaa-8aaa-000000000002";

describe("identity from Entra ID claims", () => {
  it("places a member in the token's tenant", () => {
    const identity = identityFromClaims({ tid: contoso, oid, name: "Omar", preferred_username: "omar@contoso.example" });
    expect(identity).toMatchObject({ tenantId: contoso, homeTenantId: contoso, isGuest: false, email: "omar@contoso.example", appRoles: [] });
  });

  it("recognises a guest by the home tenant's issuer in idp", () => {
    const identity = identityFromClaims({ tid: contoso, oid, name: "Gus", idp: `https://sts.windows.net/${fabrikam}/` });
    expect(identity).toMatchObject({ tenantId: contoso, homeTenantId: fabrikam, isGuest: true });
  });

  it.each(["live.com", "mail", "google.com", "https://idp.partner.example/saml2", "https://sts.windows.net/not-a-tenant/", ""])(
    "fails closed: idp %j (not this tenant's issuer) makes a guest, whose home is never a tenant id",
    (idp) => {
      const identity = identityFromClaims({ tid: contoso, oid, email: "nadia@northwind.example", idp })!;
      expect(identity.isGuest).toBe(true);
      expect(identity.homeTenantId).not.toBe(contoso);
      expect(identity.homeTenantId).toMatch(/^idp:/);
      // A guest's e-mail comes from their own identity provider: never a bootstrap admin by it, nor by object id.
      expect(isTenantAdmin(identity, [`${contoso}:nadia@northwind.example`, `${contoso}:${oid}`])).toBe(false);
    },
  );

  it("takes the tenant's own issuer in idp (v1 or v2 form) for a member", () => {
    expect(identityFromClaims({ tid: contoso, oid, idp: `https://sts.windows.net/${contoso}/` })?.isGuest).toBe(false);
    expect(identityFromClaims({ tid: contoso, oid, idp: `https://login.microsoftonline.com/${contoso.toUpperCase()}/v2.0` })?.isGuest).toBe(false);
    expect(identityFromClaims({ tid: contoso, oid, idp: `https://login.microsoftonline.com/${fabrikam}/v2.0` })).toMatchObject({ isGuest: true, homeTenantId: fabrikam });
  });

  it("refuses a token without tid or oid", () => {
    expect(identityFromClaims({ oid })).toBeNull();
    expect(identityFromClaims({ tid: contoso })).toBeNull();
    expect(identityFromClaims({ tid: "not-a-guid", oid })).toBeNull();
  });

  it("makes tenant admins from the Rotor.Admin role or the tenant-qualified bootstrap list", () => {
    const base = identityFromClaims({ tid: contoso, oid, email: "Nadia@Northwind.example" })!;
    expect(isTenantAdmin(base, [])).toBe(false);
    expect(isTenantAdmin({ ...base, appRoles: ["Rotor.Admin"] }, [])).toBe(true);
    expect(isTenantAdmin({ ...base, appRoles: ["Rotor.Reader"] }, [])).toBe(false);
    expect(isTenantAdmin(base, [`${contoso}:nadia@northwind.example`])).toBe(true);
    expect(isTenantAdmin(base, [`${contoso}:${oid}`])).toBe(true);
    // Listed for another tenant, or unqualified: nothing here.
    expect(isTenantAdmin(base, [`${fabrikam}:nadia@northwind.example`, "nadia@northwind.example", oid])).toBe(false);
  });

  it("never makes a guest an admin through the bootstrap list, even with a matching email", () => {
    const guest = identityFromClaims({ tid: contoso, oid, email: "nadia@northwind.example", idp: `https://sts.windows.net/${fabrikam}/` })!;
    expect(isTenantAdmin(guest, [`${contoso}:nadia@northwind.example`, `${contoso}:${oid}`])).toBe(false);
    expect(isTenantAdmin({ ...guest, appRoles: ["Rotor.Admin"] }, [])).toBe(true); // an app role assigned in this tenant still counts
  });
});
