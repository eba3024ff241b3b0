// A shared region: memory that several processes map, with a small directory
// of named objects placed in it. Threads share memory; processes share only
// what they map, so a process-shared primitive (robust_mutex<native_shared>,
// futex_semaphore<native_shared>, ...) lives in one of these.
//
//     auto region = shared_region::create("/lockers", 1 << 16, layout_version);
//     auto& lockers = region.place<futex_semaphore<platform::native_shared>>("lockers", 10);
//     region.publish();                       // others may open it now
//     ...
//     auto region = shared_region::open("/lockers", 1 << 16, layout_version);
//     auto& lockers = region.find<futex_semaphore<platform::native_shared>>("lockers");
//
// Layout of the mapping: a header (magic, the caller's layout version, the
// size, a ready flag, the directory of up to max_objects entries: key, offset,
// size, alignment and a hash of the type's name), then the objects, each at
// an offset aligned for its type. Offsets, not pointers: every process maps
// the region at its own address, so the objects must hold no pointers either.
//
// Checks, each a clear error (shared_region_error) that changes nothing:
//   - a name that is not "/" followed by 1..200 characters without "/";
//   - create() of a name that exists (O_EXCL: two creators cannot both win);
//   - open() of a region of another layout version or size (another build of
//     the program, or another program), or with permissions wider than 0600,
//     or owned by another user, or that its creator has not published within
//     the wait;
//   - find() of a key that is not there (the error lists the keys that are),
//     or whose type, size or alignment differ from what was placed;
//   - place() past the region's end or the directory's, or of a key twice.
// Regions are created with permissions 0600: only the owner's processes.
//
// The creator places every object, then publish()es (a release store of the
// ready flag; open() waits for it with acquire loads), so the directory is
// never read half-written. Objects are placed, never removed: the region is
// one layout, fixed by its version.
//
// anonymous() makes a region with no name (memfd_create) for a parent and the
// children it forks, which inherit the mapping.
#pragma once

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>
#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace synclab {

class shared_region_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

namespace region_detail {

// The type's name as the compiler spells it in this function's signature: the
// same in every process of one build, which is what a region is shared by.
template <class T>
constexpr std::string_view type_name() noexcept {
    return std::source_location::current().function_name();
}

constexpr std::uint64_t fnv1a(std::string_view s) noexcept {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

}  // namespace region_detail

class shared_region {
public:
    static constexpr std::size_t max_objects = 32;
    static constexpr std::size_t max_key = 47;  // characters

    // A new named region (shm_open, O_CREAT | O_EXCL, 0600) of `size` bytes
    // in all, header included. Fails if the name exists.
    static shared_region create(std::string_view name, std::size_t size, std::uint32_t layout_version) {
        const std::string n = checked_name("create", name);
        if (size < header_bytes() + 64) {
            fail("create", n, "size " + std::to_string(size) + " is too small: the header alone takes " +
                                  std::to_string(header_bytes()) + " bytes");
        }
        const int fd = ::shm_open(n.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            fail("create", n,
                 errno == EEXIST ? std::string("a region of that name exists (open it, or shared_region::unlink it)")
                                 : std::string(std::strerror(errno)));
        }
        if (::fchmod(fd, 0600) != 0 || ::ftruncate(fd, static_cast<off_t>(size)) != 0) {
            const int e = errno;
            ::close(fd);
            ::shm_unlink(n.c_str());
            fail("create", n, std::strerror(e));
        }
        shared_region r(n, fd, size, true);
        r.initialise(layout_version);
        return r;
    }

    // An existing named region, checked against what the caller expects.
    // Waits up to `wait` for its creator to publish().
    static shared_region open(std::string_view name, std::size_t size, std::uint32_t layout_version,
                              std::chrono::milliseconds wait = std::chrono::seconds(2)) {
        const std::string n = checked_name("open", name);
        const int fd = ::shm_open(n.c_str(), O_RDWR | O_CLOEXEC, 0);
        if (fd < 0) {
            fail("open", n,
                 errno == ENOENT ? std::string("no region of that name (create it first)") : std::strerror(errno));
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            const int e = errno;
            ::close(fd);
            fail("open", n, std::strerror(e));
        }
        std::string why;
        if (st.st_uid != ::geteuid()) {
            why = "owned by uid " + std::to_string(st.st_uid) + ", not by this user (" + std::to_string(::geteuid()) + ")";
        } else if ((st.st_mode & 077) != 0) {
            why = "its permissions are " + octal(st.st_mode & 0777) + ", wider than 0600";
        } else if (static_cast<std::size_t>(st.st_size) != size) {
            why = "its size is " + std::to_string(st.st_size) + " bytes, expected " + std::to_string(size) +
                  " (another build or program made it: remove it with shared_region::unlink)";
        }
        if (!why.empty()) {
            ::close(fd);
            fail("open", n, why);
        }
        shared_region r(n, fd, size, false);
        r.check_header("open", layout_version, wait);
        return r;
    }

    // A region without a name, for a parent and the children it forks.
    static shared_region anonymous(std::size_t size, std::uint32_t layout_version) {
        if (size < header_bytes() + 64) {
            fail("anonymous", "", "size " + std::to_string(size) + " is too small: the header alone takes " +
                                      std::to_string(header_bytes()) + " bytes");
        }
        const int fd = ::memfd_create("synclab-region", MFD_CLOEXEC);
        if (fd < 0) fail("anonymous", "", std::strerror(errno));
        if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
            const int e = errno;
            ::close(fd);
            fail("anonymous", "", std::strerror(e));
        }
        shared_region r("", fd, size, false);
        r.initialise(layout_version);
        return r;
    }

    // Removes the name (mapped regions stay valid until unmapped). False if
    // there was no such region.
    static bool unlink(std::string_view name) {
        const std::string n = checked_name("unlink", name);
        if (::shm_unlink(n.c_str()) == 0) return true;
        if (errno == ENOENT) return false;
        fail("unlink", n, std::strerror(errno));
    }

    shared_region(shared_region&& other) noexcept
        : name_(std::move(other.name_)), fd_(std::exchange(other.fd_, -1)), size_(other.size_),
          base_(std::exchange(other.base_, nullptr)), owns_name_(std::exchange(other.owns_name_, false)) {}
    shared_region& operator=(shared_region&&) = delete;
    shared_region(const shared_region&) = delete;
    ~shared_region() {
        if (base_ != nullptr) ::munmap(base_, size_);
        if (fd_ >= 0) ::close(fd_);
    }

    // Constructs a T at the next offset aligned for it, under `key`.
    template <class T, class... Args>
    T& place(std::string_view key, Args&&... args) {
        check_key("place", key);
        header& h = head();
        if (h.ready.load(std::memory_order_relaxed) != 0) {  // relaxed: only the creator writes it
            fail("place", name_, "the region is published: its layout is fixed (place every object before publish())");
        }
        if (find_entry(key) != nullptr) fail("place", name_, "key '" + std::string(key) + "' is placed already");
        if (h.count == max_objects) fail("place", name_, "the directory is full (" + std::to_string(max_objects) + " objects)");
        const std::size_t offset = (h.next_offset + alignof(T) - 1) / alignof(T) * alignof(T);
        if (offset + sizeof(T) > size_) {
            fail("place", name_, "'" + std::string(key) + "' (" + std::to_string(sizeof(T)) + " bytes at offset " +
                                     std::to_string(offset) + ") does not fit in " + std::to_string(size_) + " bytes");
        }
        entry& e = h.entries[h.count];
        std::memcpy(e.key, key.data(), key.size());
        e.key[key.size()] = '\0';
        e.offset = offset;
        e.size = sizeof(T);
        e.align = alignof(T);
        e.type = region_detail::fnv1a(region_detail::type_name<T>());
        T* object = ::new (base_ + offset) T(std::forward<Args>(args)...);
        h.next_offset = offset + sizeof(T);
        ++h.count;
        return *object;
    }

    // The T placed under `key`.
    template <class T>
    T& find(std::string_view key) const {
        check_key("find", key);
        const entry* e = find_entry(key);
        if (e == nullptr) fail("find", name_, "no object '" + std::string(key) + "'; the region has: " + keys());
        if (e->size != sizeof(T) || e->align != alignof(T) || e->type != region_detail::fnv1a(region_detail::type_name<T>())) {
            fail("find", name_, "'" + std::string(key) + "' was placed as another type (" + std::to_string(e->size) +
                                    " bytes, alignment " + std::to_string(e->align) + ") than the one asked for (" +
                                    std::string(region_detail::type_name<T>()) + ", " + std::to_string(sizeof(T)) +
                                    " bytes, alignment " + std::to_string(alignof(T)) + ")");
        }
        return *std::launder(reinterpret_cast<T*>(base_ + e->offset));
    }

    // Every object is placed: open() may now return it to other processes.
    void publish() noexcept {
        // release: pairs with the acquire load in open()'s check_header.
        head().ready.store(1, std::memory_order_release);
    }

    const std::string& name() const noexcept { return name_; }
    std::size_t size() const noexcept { return size_; }
    std::uint32_t layout_version() const noexcept { return head().layout_version; }

private:
    static constexpr char magic[8] = {'s', 'y', 'n', 'c', 'l', 'a', 'b', '1'};

    struct entry {
        char key[max_key + 1];
        std::uint64_t offset;
        std::uint64_t size;
        std::uint64_t align;
        std::uint64_t type;
    };
    struct header {
        char magic[8];
        std::uint32_t layout_version;
        std::atomic<std::uint32_t> ready;
        std::uint64_t size;
        std::uint64_t next_offset;
        std::uint64_t count;
        entry entries[max_objects];
    };
    static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

    static constexpr std::size_t header_bytes() noexcept { return (sizeof(header) + 63) / 64 * 64; }

    shared_region(std::string name, int fd, std::size_t size, bool owns_name)
        : name_(std::move(name)), fd_(fd), size_(size), owns_name_(owns_name) {
        void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            const int e = errno;
            ::close(fd_);
            fd_ = -1;
            if (owns_name_) ::shm_unlink(name_.c_str());
            fail("map", name_, std::strerror(e));
        }
        base_ = static_cast<unsigned char*>(p);
    }

    header& head() const noexcept { return *reinterpret_cast<header*>(base_); }

    void initialise(std::uint32_t layout_version) {
        header* h = ::new (base_) header{};
        std::memcpy(h->magic, magic, sizeof magic);
        h->layout_version = layout_version;
        h->size = size_;
        h->next_offset = header_bytes();
        h->count = 0;
    }

    void check_header(const char* call, std::uint32_t layout_version, std::chrono::milliseconds wait) const {
        const header& h = head();
        const auto deadline = std::chrono::steady_clock::now() + wait;
        // acquire: pairs with the release store in publish(): the directory is complete.
        while (h.ready.load(std::memory_order_acquire) == 0) {
            if (std::chrono::steady_clock::now() >= deadline) {
                fail(call, name_, "its creator has not published it within " + std::to_string(wait.count()) +
                                      " ms (still placing objects, or it died first: unlink it)");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (std::memcmp(h.magic, magic, sizeof magic) != 0) fail(call, name_, "it is not a synclab region (bad magic)");
        if (h.layout_version != layout_version) {
            fail(call, name_, "its layout version is " + std::to_string(h.layout_version) + ", expected " +
                                  std::to_string(layout_version) +
                                  " (another build or program made it: remove it with shared_region::unlink)");
        }
        if (h.size != size_) {
            fail(call, name_, "its header says " + std::to_string(h.size) + " bytes, the mapping has " + std::to_string(size_));
        }
    }

    const entry* find_entry(std::string_view key) const noexcept {
        const header& h = head();
        for (std::uint64_t i = 0; i < h.count && i < max_objects; ++i) {
            if (key == std::string_view(h.entries[i].key)) return &h.entries[i];
        }
        return nullptr;
    }

    std::string keys() const {
        const header& h = head();
        std::string out;
        for (std::uint64_t i = 0; i < h.count && i < max_objects; ++i) {
            if (!out.empty()) out += ", ";
            out += h.entries[i].key;
        }
        return out.empty() ? "nothing" : out;
    }

    void check_key(const char* call, std::string_view key) const {
        if (key.empty() || key.size() > max_key) {
            fail(call, name_, "key '" + std::string(key) + "': must be 1.." + std::to_string(max_key) + " characters");
        }
    }

    static std::string checked_name(const char* call, std::string_view name) {
        if (name.size() < 2 || name.size() > 201 || name[0] != '/' || name.find('/', 1) != std::string_view::npos) {
            fail(call, std::string(name), "a region name is '/' followed by 1..200 characters, none of them '/'");
        }
        return std::string(name);
    }

    static std::string octal(unsigned mode) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0%o", mode);
        return buf;
    }

    [[noreturn]] static void fail(const char* call, const std::string& name, const std::string& why) {
        throw shared_region_error("shared_region::" + std::string(call) + "(" + (name.empty() ? "" : "\"" + name + "\"") +
                                  "): " + why);
    }

    std::string name_;
    int fd_ = -1;
    std::size_t size_ = 0;
    unsigned char* base_ = nullptr;
    bool owns_name_ = false;  // created it: a failed mapping removes the name again
};

}  // namespace synclab
