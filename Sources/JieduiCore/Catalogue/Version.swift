/// The program's version, as `jiedui --version` prints it. The database's own format has its
/// version in the store's migrations, independently of this.
public enum Version {
    public static let current = "0.9.0"
}
