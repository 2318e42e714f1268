import type { UseFormRegisterReturn } from "react-hook-form";

/** The docker registry allow-list: hosts a docker connection may name before Rotor writes a secret into it. */
export function RegistryHostsField({ input, error }: { input: UseFormRegisterReturn; error?: string }) {
  return (
    <div className="py-4">
      <label htmlFor="dockerRegistryHosts" className="text-sm font-medium text-slate-900">
        Docker registry allow-list
      </label>
      <p id="dockerRegistryHosts-help" className="mb-3 mt-0.5 max-w-xl text-sm text-slate-500">
        Registry hosts (name or name:port, one per line) that docker registry connections may log in to. Rotor writes an application&apos;s
        secret only into a docker connection whose registry is listed here; empty, it refuses every docker connection.
      </p>
      <textarea
        id="dockerRegistryHosts"
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        placeholder="registry.contoso.example"
        aria-describedby={error ? "dockerRegistryHosts-help dockerRegistryHosts-error" : "dockerRegistryHosts-help"}
        aria-invalid={error ? true : undefined}
        className="w-full max-w-xl rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm placeholder:text-slate-400 focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500/40 aria-[invalid=true]:border-red-500"
        {...input}
      />
      {error ? (
        <p id="dockerRegistryHosts-error" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
