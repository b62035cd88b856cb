/** For each restricted field of a view model, the roles that may see it. */
export type RestrictedFields<T> = { readonly [K in keyof T]?: readonly string[] };

/**
 * Role-aware field projection, declared once beside a view model: fields listed are shown only to
 * the roles listed for them; every other field is shown to everyone.
 *
 * @example
 * export const USER_PROJECTION = new RoleProjection<UserView>({ email: ['admin'], id: ['admin'] });
 * USER_PROJECTION.apply(view, identity.roles); // a plain user gets no email and no id
 */
export class RoleProjection<T extends object> {
  constructor(private readonly restricted: RestrictedFields<T>) {}

  /** The fields of `view` that someone with `roles` may see. */
  apply(view: T, roles: readonly string[]): Partial<T> {
    const visible: Partial<T> = {};
    for (const key of Object.keys(view) as (keyof T)[]) {
      const allowed = this.restricted[key];
      if (!allowed || allowed.some((role) => roles.includes(role))) visible[key] = view[key];
    }
    return visible;
  }

  /** Whether `field` is restricted to some roles. */
  isRestricted(field: keyof T): boolean {
    return this.restricted[field] !== undefined;
  }
}
