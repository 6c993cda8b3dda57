import { PERMISSION_LABELS, PERMISSIONS, ROLE_NAMES, ROLE_PERMISSIONS } from "@/server/auth/permissions";

/** Rendered on the server from the very table requirePermission checks against. */
export function RolesTable() {
  return (
    <table aria-label="What each role may do" className="mt-8 max-w-3xl text-left text-sm">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-4">Permission</th>
          {ROLE_NAMES.map((role) => (
            <th key={role} className="px-3">
              {role}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {PERMISSIONS.map((permission) => (
          <tr key={permission} className="border-t border-slate-200 dark:border-slate-800">
            <td className="py-1 pr-4">{PERMISSION_LABELS[permission]}</td>
            {ROLE_NAMES.map((role) => (
              <td key={role} className="px-3 text-center">
                {ROLE_PERMISSIONS[role].includes(permission) ? "yes" : "—"}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
