// The per-operation records of a reclamation domain (hazard_pointers.hpp,
// epochs.hpp): a list of records that an operation takes for its duration
// and gives back at its end, the shape of the record lists of Michael's
// hazard pointers (the HPRec list, 2004) without thread-local ownership.
//
// Words. records_ heads a singly linked list; records are only ever added,
// never removed, until the list is destroyed. A record's `active` flag says
// whether an operation owns it:
//
//     active  false: free for any operation to take; true: owned by one
//
// Transitions:
//     (take)       an operation looks for a free record and exchanges its
//                  flag false -> true (acquire); the record it used last is
//                  looked at first (the thread's hint, below)
//     (J) join     no record is free: a fresh one, created owned, is CASed
//                  onto records_ (seq_cst)
//     (give-back)  the operation ends: active := false (release)
//
// Why it is correct (the invariant): a record has at most one owner. The
// exchange is the only way in and succeeds for one operation only; the
// owner's writes to what the record carries (a retired list) happen before
// the next owner's reads of them (release give-back, acquire take). The
// number of records is the most operations ever in flight at once (H).
//
// The hint. Each thread keeps, through the platform (P::thread_hint), the
// record it used last and the id of the list it came from (P::unique_id: no
// two lists share an id, even at one address). take() tries that record
// first: an exchange on a line this thread wrote last, where scanning the
// list from its head would read and write the lines of records other
// threads just used (each a cache-line transfer). The hint is only a first
// guess: the exchange decides, so a wrong hint costs one failed exchange and
// the list is scanned as without one. Under Relacy every model thread has
// its own hint (and ids are fresh in every iteration), so the path is
// checked as it runs natively.
//
// What it lacks: records are never freed before the list is destroyed;
// a thread that uses many lists in turn keeps one hint and scans the others.
//
// Requirements on Record: default-constructible with `active` true (a fresh
// record is created owned), a `record* next` set here before publication.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace synclab {

template <class Record, class P>
class record_list {
public:
    record_list() = default;
    record_list(const record_list&) = delete;
    record_list& operator=(const record_list&) = delete;

    // No operation runs any more: the owner has freed what its records
    // carry (for_each_record); free the records themselves.
    ~record_list() {
        // relaxed: after for_each_record's acquire load, in this thread.
        Record* r = records_.load(std::memory_order_relaxed);
        while (r != nullptr) {
            Record* const next = r->next;
            P::destroy(r);
            r = next;
        }
    }

    // (take): a record owned by the caller until give_back.
    Record* take() {
        auto& hint = P::thread_hint();
        if (hint.list == id_) {
            Record* const last = static_cast<Record*>(hint.record);
            // acquire: pairs with the release store in give_back (the
            // previous owner's writes to what the record carries), as
            // (take). Relacy passes it relaxed: another owner comes between
            // only if a thread takes, through the list, the record this one
            // used last and gives it back before this one's next operation,
            // which its searches do not reach; (take), the same pairing, is
            // refuted relaxed.
            if (!last->active.exchange(true, std::memory_order_acquire)) return last;  // (hint)
        }
        Record* const r = take_any();
        hint.list = id_;
        hint.record = r;
        return r;
    }

    // (give-back): the record is free again.
    void give_back(Record* r) {
        // release: pairs with the acquire exchange in take, so the next owner
        // sees this owner's writes to what the record carries.
        r->active.store(false, std::memory_order_release);  // (give-back)
    }

    // The list's head as a scan reads it, with the order the caller's
    // protocol needs (symmetric hazard pointers: seq_cst; the asymmetric
    // ones and epochs: acquire, after their fence): the scan's (L).
    Record* first(std::memory_order order) const {
        return records_.load(order);  // (L)
    }

    // How many records exist (H), for batch sizes: no data hangs on it.
    std::size_t count() const {
        // relaxed: a size only.
        return record_count_.load(std::memory_order_relaxed);
    }

    // Every record, for the owner's destructor, which frees what each
    // carries (no operation runs any more).
    template <class Visit>
    void for_each_record(Visit visit) const {
        // acquire: pairs with the CAS that published each record (J). (The
        // suites destroy the domain after joining every thread, so Relacy
        // passes it relaxed; it is kept for a domain destroyed by a thread
        // that learned through some other release that the operations ended.)
        for (Record* r = records_.load(std::memory_order_acquire); r != nullptr; r = r->next) visit(*r);  // (free-all)
    }

private:
    [[gnu::noinline]] Record* take_any() {
        // acquire: pairs with the CAS that published each record (J).
        for (Record* r = records_.load(std::memory_order_acquire); r != nullptr; r = r->next) {  // (list)
            // relaxed: a cheap look before the exchange; acquire: pairs with
            // the release store in give_back (the previous owner's writes).
            if (!r->active.load(std::memory_order_relaxed) && !r->active.exchange(true, std::memory_order_acquire)) {  // (take)
                return r;
            }
        }
        Record* const fresh = P::template create<Record>();
        // relaxed: the CAS below re-reads it on failure.
        fresh->next = records_.load(std::memory_order_relaxed);
        // seq_cst: (J), publishes the fresh record's words to take and to the
        // scans (their loads of records_), and, being in the total order
        // before the new owner's first announcement, makes every scan that
        // must see that announcement see the record too (the scan's seq_cst
        // load of records_, (L)). Release alone lets a scan read the list as
        // it was before this record and skip it.
        while (!records_.compare_exchange_weak(fresh->next, fresh, std::memory_order_seq_cst,
                                               std::memory_order_relaxed)) {  // (J)
        }
        // relaxed: a count for the batch size only; no data hangs on it.
        record_count_.fetch_add(1, std::memory_order_relaxed);
        return fresh;
    }

    const std::uint64_t id_ = P::unique_id();
    typename P::template atomic<Record*> records_{nullptr};
    typename P::template atomic<std::size_t> record_count_{0};
};

}  // namespace synclab
