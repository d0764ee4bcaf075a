import ChaosCLI

@main
struct Entry {
    static func main() async {
        await ChaosCLI.run()
    }
}
